using System.Collections.Concurrent;
using Vpp.Application.Telemetry;

namespace Vpp.TestSupport.Memory;

/// <summary>Dead letters in memory, keyed like the table store so replays overwrite rather than add.</summary>
public sealed class InMemoryDeadLetterStore : IDeadLetterStore
{
    private readonly ConcurrentDictionary<(string, long), DeadLetter> letters = new();

    public IReadOnlyCollection<DeadLetter> All => letters.Values.ToList();

    public Task WriteAsync(IReadOnlyList<DeadLetter> deadLetters, CancellationToken cancellationToken)
    {
        foreach (var letter in deadLetters)
        {
            letters[(letter.PartitionId, letter.EventSequenceNumber)] = letter;
        }

        return Task.CompletedTask;
    }
}
