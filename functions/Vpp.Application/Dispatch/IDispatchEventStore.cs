using Vpp.Domain.Dispatch;

namespace Vpp.Application.Dispatch;

/// <summary>Every dispatch event of a program, kept after it is over (settlement reads them).</summary>
public interface IDispatchEventStore
{
    /// <summary>Stores a new event; false when the program already has one with its id.</summary>
    Task<bool> AddAsync(DispatchEvent created, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="changed"/> in place of <paramref name="read"/> if the stored event is still the one read
    /// (the same history length); false when another change came first, and nothing is stored.
    /// </summary>
    Task<bool> ReplaceAsync(DispatchEvent read, DispatchEvent changed, CancellationToken cancellationToken);

    Task<DispatchEvent?> FindAsync(string programId, string eventId, CancellationToken cancellationToken);

    /// <summary>The program's events starting in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>), earliest first.</summary>
    Task<IReadOnlyList<DispatchEvent>> ListStartingAsync(string programId, DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken);
}
