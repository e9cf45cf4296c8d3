using System.Buffers.Text;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Vpp.Application.Participation;
using Vpp.Domain.Participation;

namespace Vpp.Infrastructure.Tables;

/// <summary>
/// Opt-outs in <c>optouts</c>: PK = programId, RK = deviceId|optOutId, the window's bounds as DateTime properties (so
/// the planner's overlap query is filtered by the service) and the opt-out as JSON.
/// </summary>
public sealed class TableOptOutStore(StorageTables tables) : IOptOutStore
{
    public Task SaveAsync(OptOut optOut, CancellationToken cancellationToken) =>
        tables.OptOuts.UpsertEntityAsync(
            new TableEntity(optOut.ProgramId, RowKey(optOut.DeviceId, optOut.OptOutId))
            {
                ["FromUtc"] = optOut.FromUtc,
                ["UntilUtc"] = optOut.UntilUtc,
                ["OptOut"] = StoredJson.Write(optOut),
            },
            TableUpdateMode.Replace,
            cancellationToken);

    public Task DeleteAsync(OptOut optOut, CancellationToken cancellationToken) =>
        tables.OptOuts.DeleteEntityAsync(optOut.ProgramId, RowKey(optOut.DeviceId, optOut.OptOutId), cancellationToken: cancellationToken);

    public async Task<OptOut?> FindAsync(string programId, string deviceId, string optOutId, CancellationToken cancellationToken) =>
        await tables.OptOuts.FindAsync(programId, RowKey(deviceId, optOutId), cancellationToken) is { } row ? StoredJson.Read<OptOut>(row.GetString("OptOut")) : null;

    public Task<IReadOnlyList<OptOut>> ListForDeviceAsync(string programId, string deviceId, DateTimeOffset endsAfterUtc, CancellationToken cancellationToken) =>
        ReadAsync(
            TableClient.CreateQueryFilter($"PartitionKey eq {programId} and RowKey ge {RowKey(deviceId, "")} and RowKey lt {deviceId + "}"} and UntilUtc gt {endsAfterUtc}"),
            cancellationToken);

    /// <summary>The service narrows the rows by the window's bounds; one withdrawn before it began (empty) is left out here.</summary>
    public async Task<IReadOnlyList<OptOut>> ListOverlappingAsync(string programId, DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken) =>
    [
        .. (await ReadAsync(
            TableClient.CreateQueryFilter($"PartitionKey eq {programId} and UntilUtc gt {fromUtc} and FromUtc lt {toUtc}"),
            cancellationToken)).Where(o => o.Overlaps(fromUtc, toUtc)),
    ];

    public async Task<(IReadOnlyList<OptOut> Page, string? Continuation)> ListOverlappingPageAsync(
        string programId, DateTimeOffset fromUtc, DateTimeOffset toUtc, int top, string? continuation, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {programId} and UntilUtc gt {fromUtc} and FromUtc lt {toUtc}");
        var pages = tables.OptOuts.QueryAsync<TableEntity>(filter, top, ["OptOut"], cancellationToken).AsPages(ServiceToken(continuation), top);
        try
        {
            await foreach (var page in pages)
            {
                var optOuts = page.Values.Select(r => StoredJson.Read<OptOut>(r.GetString("OptOut"))).OfType<OptOut>().Where(o => o.Overlaps(fromUtc, toUtc)).ToList();
                return (optOuts, page.ContinuationToken is { Length: > 0 } next ? Base64Url.EncodeToString(Encoding.UTF8.GetBytes(next)) : null);
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 400 && continuation is not null)
        {
            throw new FormatException("not a continuation of this list", ex);
        }

        return ([], null);
    }

    /// <summary>The service's continuation (next partition and row keys), as the client was given it: base64url, this program's keys only.</summary>
    private static string? ServiceToken(string? continuation)
    {
        if (continuation is null)
        {
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(continuation);
        }
        catch (FormatException ex)
        {
            throw new FormatException("not a continuation of this list", ex);
        }

        return Encoding.UTF8.GetString(bytes) is { Length: > 0 and <= 2048 } token && !token.Any(char.IsControl)
            ? token
            : throw new FormatException("not a continuation of this list");
    }

    /// <summary>'|' sorts just before '}', so a device's rows are the keys from "deviceId|" up to "deviceId}".</summary>
    private static string RowKey(string deviceId, string optOutId) => deviceId + "|" + optOutId;

    private async Task<IReadOnlyList<OptOut>> ReadAsync(string filter, CancellationToken cancellationToken)
    {
        var optOuts = new List<OptOut>();
        await foreach (var row in tables.OptOuts.QueryAsync<TableEntity>(filter, select: ["OptOut"], cancellationToken: cancellationToken))
        {
            if (StoredJson.Read<OptOut>(row.GetString("OptOut")) is { } optOut)
            {
                optOuts.Add(optOut);
            }
        }

        return [.. optOuts.OrderBy(o => o.FromUtc).ThenBy(o => o.OptOutId, StringComparer.Ordinal)];
    }
}
