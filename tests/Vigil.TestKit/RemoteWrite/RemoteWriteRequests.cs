using System.Net.Http.Headers;

namespace Vigil.TestKit.RemoteWrite;

/// <summary>HTTP requests as a Prometheus remote-write 1.0 sender makes them, to Vigil's receive endpoint.</summary>
public static class RemoteWriteRequests
{
    public static string WritePath(string instance) => $"agent/api/v1/metrics/instance/{instance}/write";

    /// <summary>A POST with the headers of remote-write 1.0 (protobuf, snappy, version 0.1.0).</summary>
    public static HttpRequestMessage Post(string instance, byte[] body, bool headers = true)
    {
        var content = new ByteArrayContent(body);
        if (headers)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
            content.Headers.ContentEncoding.Add("snappy");
        }

        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(WritePath(instance), UriKind.Relative)) { Content = content };
        if (headers)
        {
            request.Headers.Add("X-Prometheus-Remote-Write-Version", "0.1.0");
        }

        return request;
    }
}
