namespace Vigil.Server.Api;

/// <summary>Plain-text bodies as Go's net/http writes them (its content sniffing yields <c>text/plain; charset=utf-8</c>).</summary>
internal static class PlainText
{
    public const string ContentType = "text/plain; charset=utf-8";

    public static IResult Write(int status, string body) => Results.Text(body, ContentType, statusCode: status);
}
