namespace Vpp.Application.Telemetry;

public interface IDeadLetterStore
{
    /// <summary>Stores dead letters idempotently (keyed by partition and event sequence number).</summary>
    Task WriteAsync(IReadOnlyList<DeadLetter> deadLetters, CancellationToken cancellationToken);
}
