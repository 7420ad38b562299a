namespace Vigil.Ctl;

/// <summary>The <c>vigilctl</c> entry point: the Grafana Agent <c>agentctl</c> tools that apply to Vigil.</summary>
internal static class Program
{
    public static int Main(string[] args) => Cli.Run(args, Console.Out, Console.Error);
}
