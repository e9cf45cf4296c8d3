using System.Text.Json;
using Azure.Data.Tables;
using Vpp.Application.Dispatch;

namespace Vpp.Infrastructure.Tables;

/// <summary>
/// Event reports as JSON blobs, <c>dispatch-reports/{programId}/{eventId}.json</c> (a fleet's rows outgrow a table row),
/// and each device's lines again in <c>dispatchreportdevices</c> (PK = eventId, RK = deviceId), so a customer's read of
/// one device does not download the fleet's report.
/// </summary>
public sealed class BlobDispatchReportStore(StorageTables tables) : IDispatchReportStore
{
    public async Task SaveAsync(DispatchReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        await tables.DispatchReportDevices.UpsertReplaceAllAsync(
            report.Devices.Select(d => new TableEntity(report.EventId, d.DeviceId) { ["Device"] = StoredJson.Write(d) }), cancellationToken);
        await tables.DispatchReports.UploadAsync(Name(report.ProgramId, report.EventId), JsonSerializer.SerializeToUtf8Bytes(report, StoredJson.Options), "application/json", cancellationToken);
    }

    public async Task<DispatchReport?> FindAsync(string programId, string eventId, CancellationToken cancellationToken) =>
        await tables.DispatchReports.DownloadOrNullAsync(Name(programId, eventId), cancellationToken) is { } bytes ? JsonSerializer.Deserialize<DispatchReport>(bytes, StoredJson.Options) : null;

    public async Task<DispatchReportDevice?> FindDeviceAsync(string eventId, string deviceId, CancellationToken cancellationToken) =>
        await tables.DispatchReportDevices.FindAsync(eventId, deviceId, cancellationToken) is { } row ? StoredJson.Read<DispatchReportDevice>(row.GetString("Device")) : null;

    private static string Name(string programId, string eventId) => $"{programId}/{eventId}.json";
}
