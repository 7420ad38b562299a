using BenchmarkDotNet.Running;

namespace Vigil.Benchmarks;

/// <summary>Runs the benchmarks named on the command line, e.g. <c>--filter *TextParse*</c>.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
