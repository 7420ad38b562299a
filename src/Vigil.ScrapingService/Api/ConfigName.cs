using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Vigil.ScrapingService.Api;

/// <summary>
/// The <c>{name}</c> of a config route, decoded exactly once from the raw request target as Go's
/// <c>url.PathUnescape</c> does: <c>hello%2Fworld</c> is <c>hello/world</c>, <c>%252F</c> is <c>%2F</c>, and a bad escape
/// such as <c>%zz</c> is an error. Kestrel's own path decoding is not used because it leaves <c>%2F</c> encoded.
/// </summary>
internal static class ConfigName
{
    public static bool TryGet(HttpContext context, string routePrefix, out string name, out string? error)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? string.Empty;
        var query = raw.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            raw = raw[..query];
        }

        var start = raw.IndexOf(routePrefix, StringComparison.Ordinal);
        var segment = start < 0 ? string.Empty : raw[(start + routePrefix.Length)..];
        return TryUnescape(segment, out name, out error);
    }

    internal static bool TryUnescape(string segment, out string name, out string? error)
    {
        var bytes = new List<byte>(segment.Length);
        for (var i = 0; i < segment.Length; i++)
        {
            var c = segment[i];
            if (c != '%')
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
                continue;
            }

            if (i + 2 >= segment.Length
                || !byte.TryParse(segment.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
            {
                name = string.Empty;
                var bad = segment[i..Math.Min(segment.Length, i + 3)];
                error = $"invalid URL escape \"{bad}\"";
                return false;
            }

            bytes.Add(b);
            i += 2;
        }

        name = Encoding.UTF8.GetString([.. bytes]);
        error = null;
        return true;
    }
}
