namespace Vigil.Server.Api;

/// <summary>One route of the HTTP API: pattern, methods (empty means any method), and the handler.</summary>
internal sealed record ApiRoute(string Pattern, string[] Methods, Delegate Handler, string Description);
