using Vpp.Domain.Participation;

namespace Vpp.Application.Participation;

/// <summary>Every opt-out of a program's devices, kept after it ends.</summary>
public interface IOptOutStore
{
    /// <summary>Inserts or replaces the opt-out (by program, device and id).</summary>
    Task SaveAsync(OptOut optOut, CancellationToken cancellationToken);

    /// <summary>Removes an opt-out that never took effect (its device could not be told of it).</summary>
    Task DeleteAsync(OptOut optOut, CancellationToken cancellationToken);

    Task<OptOut?> FindAsync(string programId, string deviceId, string optOutId, CancellationToken cancellationToken);

    /// <summary>The device's opt-outs that end after <paramref name="endsAfterUtc"/>, earliest start first.</summary>
    Task<IReadOnlyList<OptOut>> ListForDeviceAsync(string programId, string deviceId, DateTimeOffset endsAfterUtc, CancellationToken cancellationToken);

    /// <summary>The program's opt-outs whose windows overlap [<paramref name="fromUtc"/>, <paramref name="toUtc"/>).</summary>
    Task<IReadOnlyList<OptOut>> ListOverlappingAsync(string programId, DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken);

    /// <summary>
    /// The same, a page of at most <paramref name="top"/> at a time, in key order (by device, then id): the page and
    /// where the next starts (null after the last). A continuation this store did not give is a <see cref="FormatException"/>.
    /// </summary>
    Task<(IReadOnlyList<OptOut> Page, string? Continuation)> ListOverlappingPageAsync(
        string programId, DateTimeOffset fromUtc, DateTimeOffset toUtc, int top, string? continuation, CancellationToken cancellationToken);
}
