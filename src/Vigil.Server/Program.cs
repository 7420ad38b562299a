namespace Vigil.Server;

internal static class Program
{
    public static int Main(string[] args)
    {
        var app = WebApplication.CreateBuilder(args).Build();
        app.MapGet("/-/healthy", () => "Agent is Healthy.\n");
        app.Run();
        return 0;
    }
}
