using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Vpp.Infrastructure.Storage;

/// <summary>Shared Key: HMAC-SHA256 of the canonical request with the account key.</summary>
public sealed class SharedKeyStorageCredential : StorageCredential
{
    private readonly string accountName;
    private readonly byte[] key;

    public SharedKeyStorageCredential(string accountName, string base64Key)
    {
        this.accountName = accountName;
        key = Convert.FromBase64String(base64Key);
    }

    internal override ValueTask AuthorizeAsync(HttpRequestMessage request, StorageService service, CancellationToken cancellationToken)
    {
        var stringToSign = service == StorageService.Table
            ? TableStringToSign(request)
            : BlobQueueStringToSign(request);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
        request.Headers.Authorization = new AuthenticationHeaderValue("SharedKey", $"{accountName}:{signature}");
        return ValueTask.CompletedTask;
    }

    /// <summary>Table service: VERB, Content-MD5, Content-Type, Date, CanonicalizedResource (comp only).</summary>
    internal string TableStringToSign(HttpRequestMessage request)
    {
        var uri = request.RequestUri!;
        var resource = $"/{accountName}{uri.AbsolutePath}";
        var comp = QueryParameters(uri).FirstOrDefault(p => p.Name == "comp");
        if (comp.Name is not null)
        {
            resource += "?comp=" + comp.Value;
        }

        return string.Join('\n',
            request.Method.Method,
            ContentHeader(request, h => h.ContentMD5 is { } md5 ? Convert.ToBase64String(md5) : null),
            ContentHeader(request, h => h.ContentType?.ToString()),
            Header(request, "x-ms-date"),
            resource);
    }

    internal string BlobQueueStringToSign(HttpRequestMessage request)
    {
        var uri = request.RequestUri!;
        var length = request.Content?.Headers.ContentLength;
        var builder = new StringBuilder()
            .Append(request.Method.Method).Append('\n')
            .Append(ContentHeader(request, h => string.Join(",", h.ContentEncoding))).Append('\n')
            .Append(ContentHeader(request, h => string.Join(",", h.ContentLanguage))).Append('\n')
            .Append(length is null or 0 ? string.Empty : length.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n')
            .Append(ContentHeader(request, h => h.ContentMD5 is { } md5 ? Convert.ToBase64String(md5) : null)).Append('\n')
            .Append(ContentHeader(request, h => h.ContentType?.ToString())).Append('\n')
            .Append('\n') // Date: x-ms-date is used instead.
            .Append(Header(request, "If-Modified-Since")).Append('\n')
            .Append(Header(request, "If-Match")).Append('\n')
            .Append(Header(request, "If-None-Match")).Append('\n')
            .Append(Header(request, "If-Unmodified-Since")).Append('\n')
            .Append(Header(request, "Range")).Append('\n');

        foreach (var header in request.Headers
                     .Where(h => h.Key.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
                     .Select(h => (Name: h.Key.ToLowerInvariant(), Value: string.Join(",", h.Value).Trim()))
                     .OrderBy(h => h.Name, StringComparer.Ordinal))
        {
            builder.Append(header.Name).Append(':').Append(header.Value).Append('\n');
        }

        builder.Append('/').Append(accountName).Append(uri.AbsolutePath);
        foreach (var group in QueryParameters(uri)
                     .GroupBy(p => p.Name.ToLowerInvariant())
                     .OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            builder.Append('\n').Append(group.Key).Append(':')
                .Append(string.Join(",", group.Select(p => p.Value).Order(StringComparer.Ordinal)));
        }

        return builder.ToString();
    }

    private static IEnumerable<(string Name, string Value)> QueryParameters(Uri uri) =>
        uri.Query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair =>
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                return eq < 0
                    ? (Uri.UnescapeDataString(pair), string.Empty)
                    : (Uri.UnescapeDataString(pair[..eq]), Uri.UnescapeDataString(pair[(eq + 1)..]));
            });

    private static string Header(HttpRequestMessage request, string name) =>
        request.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : string.Empty;

    private static string ContentHeader(HttpRequestMessage request, Func<HttpContentHeaders, string?> read) =>
        request.Content is null ? string.Empty : read(request.Content.Headers) ?? string.Empty;
}
