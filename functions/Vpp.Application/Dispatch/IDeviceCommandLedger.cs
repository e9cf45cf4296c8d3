using Vpp.Domain.Dispatch;

namespace Vpp.Application.Dispatch;

/// <summary>
/// Which devices were commanded for which step of an event. A command is intended before it is sent and marked sent
/// after the hub took it, so a retried batch sends nothing already sent, and checks the twin for a command intended but
/// not marked (the host died between the two).
/// </summary>
public interface IDeviceCommandLedger
{
    /// <summary>The devices of <paramref name="deviceIds"/> with a command for the step, and whether each was marked sent.</summary>
    Task<IReadOnlyDictionary<string, bool>> FindAsync(string eventId, DispatchStep commandStep, IReadOnlyCollection<string> deviceIds, CancellationToken cancellationToken);

    Task RecordIntendedAsync(string eventId, DispatchStep commandStep, IReadOnlyCollection<string> deviceIds, DateTimeOffset atUtc, CancellationToken cancellationToken);

    Task RecordSentAsync(string eventId, DispatchStep commandStep, IReadOnlyCollection<string> deviceIds, DateTimeOffset atUtc, CancellationToken cancellationToken);

    /// <summary>Devices sent the step's command.</summary>
    Task<IReadOnlySet<string>> SentAsync(string eventId, DispatchStep commandStep, CancellationToken cancellationToken);
}
