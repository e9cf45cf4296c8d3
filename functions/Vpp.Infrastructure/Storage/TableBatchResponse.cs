using System.Globalization;

namespace Vpp.Infrastructure.Storage;

/// <summary>Reads the per-operation results out of a multipart/mixed $batch response.</summary>
internal static class TableBatchResponse
{
    public sealed record OperationResult(int Status, string? ETag, string Body);

    public static IReadOnlyList<OperationResult> Parse(string multipart)
    {
        var results = new List<OperationResult>();
        var lines = multipart.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("HTTP/1.1 ", StringComparison.Ordinal))
            {
                continue;
            }

            var status = int.Parse(lines[i].AsSpan(9, 3), CultureInfo.InvariantCulture);
            string? etag = null;
            i++;
            for (; i < lines.Length && lines[i].Length > 0; i++)
            {
                if (lines[i].StartsWith("ETag:", StringComparison.OrdinalIgnoreCase))
                {
                    etag = lines[i][5..].Trim();
                }
            }

            var body = new System.Text.StringBuilder();
            for (i++; i < lines.Length && !lines[i].StartsWith("--", StringComparison.Ordinal); i++)
            {
                body.Append(lines[i]).Append('\n');
            }

            results.Add(new OperationResult(status, etag, body.ToString().Trim()));
            i--;
        }

        return results;
    }
}
