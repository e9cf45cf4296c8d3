using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using Vpp.Application.Telemetry;

namespace Vpp.Infrastructure.Tables;

/// <summary>
/// Dead letters keyed by enqueue day and event position, so a replayed batch rewrites the same rows.
/// Bodies that fit a table property stay inline; larger ones go to a blob named after the row.
/// </summary>
public sealed class TableDeadLetterStore(StorageTables tables) : IDeadLetterStore
{
    private const int MaxInlineBodyBytes = 48 * 1024;

    public async Task WriteAsync(IReadOnlyList<DeadLetter> deadLetters, CancellationToken cancellationToken)
    {
        foreach (var day in deadLetters.GroupBy(d => d.EnqueuedTime.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture)))
        {
            var rows = new List<TableEntity>();
            foreach (var letter in day.DistinctBy(d => (d.PartitionId, d.EventSequenceNumber)))
            {
                var row = new TableEntity(day.Key, RowKeyOf(letter))
                {
                    ["DeviceId"] = letter.DeviceId,
                    ["Reason"] = letter.Reason.ToString(),
                    ["Detail"] = letter.Detail.Length > 4000 ? letter.Detail[..4000] : letter.Detail,
                    ["EnqueuedTime"] = letter.EnqueuedTime,
                    ["BodyLength"] = letter.Body.Length,
                };
                if (letter.Body.Length <= MaxInlineBodyBytes)
                {
                    row["Body"] = letter.Body.ToArray();
                }
                else
                {
                    var blobName = $"{day.Key}/{row.RowKey}.bin";
                    await tables.DeadLetterBodies.UploadAsync(blobName, letter.Body, "application/octet-stream", cancellationToken);
                    row["BodyBlob"] = blobName;
                }

                rows.Add(row);
            }

            await tables.DeadLetters.UpsertReplaceAllAsync(rows, cancellationToken);
        }
    }

    public static string RowKeyOf(DeadLetter letter) =>
        $"{letter.PartitionId}-{letter.EventSequenceNumber.ToString("D19", CultureInfo.InvariantCulture)}";

    /// <summary>Reads a day's dead letters (for operators and tests).</summary>
    public async Task<IReadOnlyList<(string Reason, string? DeviceId, string Detail, string Body)>> ReadDayAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var result = new List<(string, string?, string, string)>();
        await foreach (var row in tables.DeadLetters.QueryAsync<TableEntity>(TableRows.Partition(day.ToString("yyyyMMdd", CultureInfo.InvariantCulture)), cancellationToken: cancellationToken))
        {
            var body = row.GetBinary("Body") ?? (row.GetString("BodyBlob") is { } blob ? await tables.DeadLetterBodies.DownloadOrNullAsync(blob, cancellationToken) : null) ?? [];
            result.Add((row.GetString("Reason")!, row.GetString("DeviceId"), row.GetString("Detail") ?? string.Empty, Encoding.UTF8.GetString(body)));
        }

        return result;
    }
}
