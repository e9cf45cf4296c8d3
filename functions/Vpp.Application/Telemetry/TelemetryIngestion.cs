using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.ObjectPool;
using Vpp.Application.Devices;
using Vpp.Domain.Devices;
using Vpp.Domain.Telemetry;

namespace Vpp.Application.Telemetry;

/// <summary>
/// The batch path: parse → validate → de-duplicate by device and sequence → rollups → latest state → each partition's
/// progress (<see cref="IngestionProgress"/>, at most every <see cref="ProgressInterval"/> per partition: it tells how
/// current the latest state is, and a write per batch would cost Table storage more than the precision is worth).
/// Nothing in a batch stops the batch: each bad message is dead-lettered with its reason. Safe to replay:
/// a ledger commit is atomic and the sequence window makes a second delivery a no-op.
/// </summary>
public sealed class TelemetryIngestion(
    CachedDeviceLookup devices,
    ITelemetryLedgerStore ledgers,
    ILatestStateStore latestStates,
    IIngestionProgressStore progress,
    IDeadLetterStore deadLetters,
    TimeProvider clock,
    TelemetryValidator validator,
    int maxParallelDevices = 32)
{
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(10);

    private const int MaxCommitAttempts = 5;

    private readonly ConcurrentDictionary<string, DateTimeOffset> progressRecorded = new(StringComparer.Ordinal);

    private readonly ObjectPool<IngestionBatch> batches = new DefaultObjectPoolProvider().Create<IngestionBatch>();

    public async Task<IngestReport> IngestAsync(IReadOnlyList<TelemetryEvent> events, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var rejected = new List<DeadLetter>();
        var batch = batches.Get();
        try
        {
            foreach (var e in events)
            {
                var (reason, detail) = Parse(e, batch);
                DeviceRegistration? device = null;
                if (reason == RejectionReason.None)
                {
                    device = await devices.FindAsync(e.DeviceId!, now, cancellationToken);
                    (reason, detail) = device is null
                        ? (RejectionReason.UnknownDevice, $"device '{e.DeviceId}' is not registered in any program")
                        : validator.Validate(batch.PendingContent, device, now);
                }

                if (reason == RejectionReason.None)
                {
                    batch.Accept(device!);
                }
                else
                {
                    rejected.Add(new DeadLetter(e.PartitionId, e.EventSequenceNumber, e.DeviceId, reason, detail!, e.EnqueuedTime, e.Body));
                }
            }

            batch.Group();
            var report = await CountAsync(events.Count, batch, rejected, cancellationToken);
            if (rejected.Count > 0)
            {
                await deadLetters.WriteAsync(rejected, cancellationToken);
            }

            await RecordProgressAsync(events, now, cancellationToken);
            return report;
        }
        finally
        {
            batches.Return(batch);
        }
    }

    /// <summary>Each partition's newest enqueued time in the batch, for the partitions not recorded in the last <see cref="ProgressInterval"/>.</summary>
    private async Task RecordProgressAsync(IReadOnlyList<TelemetryEvent> events, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var newest = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            ref var through = ref CollectionsMarshal.GetValueRefOrAddDefault(newest, e.PartitionId, out _);
            through = e.EnqueuedTime > through ? e.EnqueuedTime : through;
        }

        var due = newest.Where(p => !progressRecorded.TryGetValue(p.Key, out var recorded) || now - recorded >= ProgressInterval)
            .Select(p => new IngestionProgress(p.Key, p.Value))
            .ToList();
        if (due.Count == 0)
        {
            return;
        }

        await progress.RecordAsync(due, cancellationToken);
        foreach (var recorded in due)
        {
            progressRecorded[recorded.PartitionId] = now;
        }
    }

    private async Task<IngestReport> CountAsync(int received, IngestionBatch batch, List<DeadLetter> rejected, CancellationToken cancellationToken)
    {
        var counted = 0;
        var duplicates = 0;
        var counterResets = 0;
        void Collect(DeviceCountResult result, IngestionBatch.DeviceMonth group, LedgerWorkspace workspace)
        {
            counted += result.Counted;
            duplicates += result.Duplicates;
            counterResets += result.CounterResets;
            foreach (var (refused, outcome) in result.Refused ?? Enumerable.Empty<(TelemetryEvent, SequenceOutcome)>())
            {
                rejected.Add(outcome == SequenceOutcome.OverlapsCountedTime
                    ? new DeadLetter(refused.PartitionId, refused.EventSequenceNumber, refused.DeviceId, RejectionReason.OverlappingInterval,
                        "its interval overlaps time already counted for this device: the same span's energy is counted once, whatever the sequence number",
                        refused.EnqueuedTime, refused.Body)
                    : new DeadLetter(refused.PartitionId, refused.EventSequenceNumber, refused.DeviceId, RejectionReason.SequenceOutsideWindow,
                        $"sequence is more than {SequenceWindow.Size} behind the highest counted, or older than the counter's last restart but one, or than the counted time kept; it cannot be proven new",
                        refused.EnqueuedTime, refused.Body));
            }

            if (result.LatestChanged && workspace.Ledger.Latest is { } reading)
            {
                // A device's messages all go to one partition: its first message's tells which.
                ref readonly var first = ref batch[batch.ItemsOf(group)[0]];
                batch.Latest.Add(new IngestedReading(first.Device, reading, first.Source.PartitionId));
            }
        }

        // Devices are independent: up to maxParallelDevices ledgers are in flight at once, each in its own workspace.
        // A store that answers synchronously (in memory, cache hits) costs no task per device and one workspace per batch.
        var idle = batch.IdleLedgers;
        List<(Task<DeviceCountResult> Task, IngestionBatch.DeviceMonth Group, LedgerWorkspace Workspace)>? inFlight = null;
        try
        {
            await CountAllAsync();
        }
        catch when (inFlight is { Count: > 0 })
        {
            // The devices still in flight read the batch's memory, which goes back to the pool (cleared) when this
            // returns: they finish first, so none of them counts a cleared message. Their own failures are the same fault.
            await Task.WhenAny(Task.WhenAll(inFlight.Select(f => f.Task)));
            throw;
        }

        if (batch.Latest.Count > 0)
        {
            await latestStates.UpdateAsync(batch.Latest, cancellationToken);
        }

        var byReason = rejected.GroupBy(r => r.Reason).ToDictionary(g => g.Key, g => g.Count());
        return new IngestReport(received, counted, duplicates, byReason) { CounterResets = counterResets };

        async Task CountAllAsync()
        {
            foreach (var group in batch.Groups)
            {
                var workspace = idle.Count > 0 ? idle.Pop() : new LedgerWorkspace();
                var pending = CountDeviceAsync(workspace, group, batch, cancellationToken);
                if (pending.IsCompletedSuccessfully)
                {
                    Collect(pending.Result, group, workspace);
                    idle.Push(workspace);
                    continue;
                }

                (inFlight ??= []).Add((pending.AsTask(), group, workspace));
                if (inFlight.Count >= maxParallelDevices)
                {
                    var done = await Task.WhenAny(inFlight.Select(f => f.Task));
                    var index = inFlight.FindIndex(f => f.Task == done);
                    Collect(await done, inFlight[index].Group, inFlight[index].Workspace);
                    idle.Push(inFlight[index].Workspace);
                    inFlight.RemoveAt(index);
                }
            }

            while (inFlight is { Count: > 0 })
            {
                var (task, group, workspace) = inFlight[0];
                Collect(await task, group, workspace);
                idle.Push(workspace);
                inFlight.RemoveAt(0);
            }
        }
    }

    public static string MonthOf(DateTimeOffset timestamp) => timestamp.UtcDateTime.ToString("yyyyMM", CultureInfo.InvariantCulture);

    /// <summary>The event's identity and JSON, parsed into the batch's pending slot (a cached device is then found without awaiting).</summary>
    private static (RejectionReason Reason, string? Detail) Parse(TelemetryEvent e, IngestionBatch batch)
    {
        if (string.IsNullOrEmpty(e.DeviceId))
        {
            return (RejectionReason.MissingDeviceIdentity, "the event has no iothub-connection-device-id system property");
        }

        var reason = TelemetryParser.Parse(e.Body.Span, out batch.Pending(e), out var detail);
        return (reason, detail);
    }

    /// <summary>A message touches one hour, so a device's messages in a batch are nearly always one commit.</summary>
    private ValueTask<DeviceCountResult> CountDeviceAsync(
        LedgerWorkspace workspace, IngestionBatch.DeviceMonth group, IngestionBatch batch, CancellationToken cancellationToken)
    {
        var items = batch.ItemsOf(group);
        return items.Count <= ledgers.MaxHoursPerCommit
            ? CountChunkAsync(workspace, group, batch, items, cancellationToken)
            : CountInChunksAsync(workspace, group, batch, items, cancellationToken);
    }

    /// <summary>
    /// A device's messages spread over more hours than one commit holds, counted chunk after chunk in time order: the
    /// last chunk's ledger has the newest reading, kept or counted.
    /// </summary>
    private async ValueTask<DeviceCountResult> CountInChunksAsync(
        LedgerWorkspace workspace, IngestionBatch.DeviceMonth group, IngestionBatch batch, ArraySegment<int> items, CancellationToken cancellationToken)
    {
        var total = default(DeviceCountResult);
        foreach (var chunk in ChunkByHours(batch, items))
        {
            var result = await CountChunkAsync(workspace, group, batch, chunk, cancellationToken);
            total = new DeviceCountResult(
                total.Counted + result.Counted,
                total.Duplicates + result.Duplicates,
                total.CounterResets + result.CounterResets,
                [.. total.Refused ?? [], .. result.Refused ?? []],
                total.LatestChanged || result.LatestChanged);
        }

        return total;
    }

    /// <summary>Counts one chunk in one commit, reloading and recounting when another writer got there first.</summary>
    private async ValueTask<DeviceCountResult> CountChunkAsync(
        LedgerWorkspace workspace, IngestionBatch.DeviceMonth group, IngestionBatch batch, ArraySegment<int> chunk, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            workspace.Begin(group.DeviceId, group.Month);
            foreach (var i in chunk)
            {
                workspace.AddKeysFor(batch[i].Content);
            }

            await ledgers.LoadAsync(workspace, cancellationToken);
            int counted = 0, duplicates = 0, counterResets = 0;
            List<(TelemetryEvent, SequenceOutcome)>? refused = null;
            foreach (var i in chunk)
            {
                switch (workspace.Ledger.Count(batch[i].Content))
                {
                    case SequenceOutcome.Accepted: counted++; break;
                    case SequenceOutcome.AcceptedAfterCounterReset: counted++; counterResets++; break;
                    case SequenceOutcome.Duplicate: duplicates++; break;
                    case var outcome: (refused ??= []).Add((batch[i].Source, outcome)); break;
                }
            }

            try
            {
                if (counted > 0)
                {
                    await ledgers.CommitAsync(workspace, cancellationToken);
                }
            }
            catch (LedgerConflictException) when (attempt < MaxCommitAttempts)
            {
                ledgers.Evict(group.DeviceId, group.Month);
                continue;
            }

            return new DeviceCountResult(counted, duplicates, counterResets, refused, workspace.Ledger.LatestChanged);
        }
    }

    /// <summary>Splits a device's messages so no commit touches more hours than one transaction can hold.</summary>
    private List<ArraySegment<int>> ChunkByHours(IngestionBatch batch, ArraySegment<int> items)
    {
        var chunks = new List<ArraySegment<int>>();
        var start = 0;
        var hours = new HashSet<DateTimeOffset>();
        for (var i = 0; i < items.Count; i++)
        {
            var hour = DeviceTelemetryLedger.KeysFor(batch[items[i]].Content).Minute.Hour;
            if (!hours.Contains(hour) && hours.Count == ledgers.MaxHoursPerCommit)
            {
                chunks.Add(items.Slice(start, i - start));
                start = i;
                hours.Clear();
            }

            hours.Add(hour);
        }

        chunks.Add(items.Slice(start));
        return chunks;
    }

    /// <summary>What counting a device's messages came to; its newest reading is on the workspace's ledger when <see cref="LatestChanged"/>.</summary>
    private readonly record struct DeviceCountResult(int Counted, int Duplicates, int CounterResets, List<(TelemetryEvent Source, SequenceOutcome Outcome)>? Refused, bool LatestChanged);
}
