using System.Text.Json;
using Vpp.Application.Dispatch;

namespace Vpp.Infrastructure.Tables;

/// <summary>Event reports as JSON blobs, <c>dispatch-reports/{programId}/{eventId}.json</c>: a fleet's rows outgrow a table row.</summary>
public sealed class BlobDispatchReportStore(StorageTables tables) : IDispatchReportStore
{
    public Task SaveAsync(DispatchReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        return tables.DispatchReports.UploadAsync(Name(report.ProgramId, report.EventId), JsonSerializer.SerializeToUtf8Bytes(report, StoredJson.Options), "application/json", cancellationToken);
    }

    public async Task<DispatchReport?> FindAsync(string programId, string eventId, CancellationToken cancellationToken) =>
        await tables.DispatchReports.DownloadOrNullAsync(Name(programId, eventId), cancellationToken) is { } bytes ? JsonSerializer.Deserialize<DispatchReport>(bytes, StoredJson.Options) : null;

    private static string Name(string programId, string eventId) => $"{programId}/{eventId}.json";
}
