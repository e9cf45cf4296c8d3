namespace Vpp.Application.Dispatch;

/// <summary>Each event's report, written once it is over (again if the report is rebuilt).</summary>
public interface IDispatchReportStore
{
    Task SaveAsync(DispatchReport report, CancellationToken cancellationToken);

    Task<DispatchReport?> FindAsync(string programId, string eventId, CancellationToken cancellationToken);

    /// <summary>One device's lines of the event's report (what its customer reads), without reading the whole report.</summary>
    Task<DispatchReportDevice?> FindDeviceAsync(string eventId, string deviceId, CancellationToken cancellationToken);
}
