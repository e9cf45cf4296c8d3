using System.Buffers;
using System.Globalization;
using Vpp.Application.Devices;
using Vpp.Domain.Devices;
using Vpp.Domain.Telemetry;

namespace Vpp.Application.Telemetry;

/// <summary>
/// The batch path: parse → validate → de-duplicate by device and sequence → rollups → latest state.
/// Nothing in a batch stops the batch: each bad message is dead-lettered with its reason. Safe to replay:
/// a ledger commit is atomic and the sequence window makes a second delivery a no-op.
/// </summary>
public sealed class TelemetryIngestion(
    CachedDeviceLookup devices,
    ITelemetryLedgerStore ledgers,
    ILatestStateStore latestStates,
    IDeadLetterStore deadLetters,
    TimeProvider clock,
    TelemetryValidator validator,
    int maxParallelDevices = 32)
{
    private const int MaxCommitAttempts = 5;

    public async Task<IngestReport> IngestAsync(IReadOnlyList<TelemetryEvent> events, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var rejected = new List<DeadLetter>();

        // A batch's messages are values in arrays rented for the batch: a thousand of them would otherwise be a
        // large-object allocation per batch.
        var accepted = ArrayPool<Accepted>.Shared.Rent(events.Count);
        var groupOf = ArrayPool<int>.Shared.Rent(events.Count);
        var order = ArrayPool<int>.Shared.Rent(events.Count);
        var acceptedCount = 0;
        try
        {
            foreach (var e in events)
            {
                var (device, message, reason, detail) = await ScreenAsync(e, now, cancellationToken);
                if (reason == RejectionReason.None)
                {
                    accepted[acceptedCount++] = new Accepted(device!, message, e);
                }
                else
                {
                    rejected.Add(new DeadLetter(e.PartitionId, e.EventSequenceNumber, e.DeviceId, reason, detail!, e.EnqueuedTime, e.Body));
                }
            }

            var groups = GroupByDeviceAndMonth(accepted, acceptedCount, groupOf, order);
            var report = await CountAsync(events.Count, groups, accepted, order, rejected, cancellationToken);
            if (rejected.Count > 0)
            {
                await deadLetters.WriteAsync(rejected, cancellationToken);
            }

            return report;
        }
        finally
        {
            // Cleared so the pool does not keep the batch's events and registrations alive.
            Array.Clear(accepted, 0, acceptedCount);
            ArrayPool<Accepted>.Shared.Return(accepted);
            ArrayPool<int>.Shared.Return(groupOf);
            ArrayPool<int>.Shared.Return(order);
        }
    }

    /// <summary>
    /// Lays the accepted messages' indices out in <paramref name="order"/> by device and month, without a list per group:
    /// count, then place. Each group's messages are in time order, as a device's ledger counts them.
    /// </summary>
    private static List<DeviceMonth> GroupByDeviceAndMonth(Accepted[] accepted, int count, int[] groupOf, int[] order)
    {
        var index = new Dictionary<(string DeviceId, int Month), int>(count);
        var groups = new List<DeviceMonth>(count);
        for (var i = 0; i < count; i++)
        {
            var (year, month, _) = accepted[i].Message.Timestamp.UtcDateTime;
            var key = (accepted[i].Device.DeviceId, (year * 100) + month);
            if (!index.TryGetValue(key, out var g))
            {
                index[key] = g = groups.Count;
                groups.Add(new DeviceMonth(key.DeviceId, key.Item2, 0, 0));
            }

            groupOf[i] = g;
            groups[g] = groups[g] with { Count = groups[g].Count + 1 };
        }

        var next = new int[groups.Count];
        for (var g = 1; g < groups.Count; g++)
        {
            groups[g] = groups[g] with { Start = groups[g - 1].Start + groups[g - 1].Count };
            next[g] = groups[g].Start;
        }

        for (var i = 0; i < count; i++)
        {
            order[next[groupOf[i]]++] = i;
        }

        foreach (var group in groups)
        {
            if (group.Count > 1)
            {
                order.AsSpan(group.Start, group.Count).Sort((a, b) => (accepted[a].Message.Timestamp, accepted[a].Message.Sequence).CompareTo((accepted[b].Message.Timestamp, accepted[b].Message.Sequence)));
            }
        }

        return groups;
    }

    private async Task<IngestReport> CountAsync(int received, List<DeviceMonth> groups, Accepted[] accepted, int[] order, List<DeadLetter> rejected, CancellationToken cancellationToken)
    {
        var counted = 0;
        var duplicates = 0;
        var counterResets = 0;
        var latest = new List<(DeviceRegistration, LatestReading)>(groups.Count);
        var monthNames = new Dictionary<int, string>();
        void Collect(DeviceCountResult result, DeviceRegistration device)
        {
            counted += result.Counted;
            duplicates += result.Duplicates;
            counterResets += result.CounterResets;
            foreach (var (refused, outcome) in result.Refused ?? [])
            {
                rejected.Add(outcome == SequenceOutcome.OverlapsCountedTime
                    ? new DeadLetter(refused.PartitionId, refused.EventSequenceNumber, refused.DeviceId, RejectionReason.OverlappingInterval,
                        "its interval overlaps time already counted for this device: the same span's energy is counted once, whatever the sequence number",
                        refused.EnqueuedTime, refused.Body)
                    : new DeadLetter(refused.PartitionId, refused.EventSequenceNumber, refused.DeviceId, RejectionReason.SequenceOutsideWindow,
                        $"sequence is more than {SequenceWindow.Size} behind the highest counted, or older than the counter's last restart but one, or than the counted time kept; it cannot be proven new",
                        refused.EnqueuedTime, refused.Body));
            }

            if (result.Latest is { } reading)
            {
                latest.Add((device, reading));
            }
        }

        // Devices are independent: up to maxParallelDevices ledgers are in flight at once, each in its own workspace.
        // A store that answers synchronously (in memory, cache hits) costs no task per device and one workspace per batch.
        var idle = new Stack<LedgerWorkspace>();
        var inFlight = new List<(Task<DeviceCountResult> Task, DeviceRegistration Device, LedgerWorkspace Workspace)>();
        foreach (var (deviceId, month, start, size) in groups)
        {
            if (!monthNames.TryGetValue(month, out var monthName))
            {
                monthNames[month] = monthName = month.ToString("D6", CultureInfo.InvariantCulture);
            }

            var items = new ArraySegment<int>(order, start, size);
            var device = accepted[order[start]].Device;
            var workspace = idle.Count > 0 ? idle.Pop() : new LedgerWorkspace();
            var pending = CountDeviceAsync(workspace, deviceId, monthName, accepted, items, cancellationToken);
            if (pending.IsCompletedSuccessfully)
            {
                Collect(pending.Result, device);
                idle.Push(workspace);
                continue;
            }

            inFlight.Add((pending.AsTask(), device, workspace));
            if (inFlight.Count >= maxParallelDevices)
            {
                var done = await Task.WhenAny(inFlight.Select(f => f.Task));
                var index = inFlight.FindIndex(f => f.Task == done);
                Collect(await done, inFlight[index].Device);
                idle.Push(inFlight[index].Workspace);
                inFlight.RemoveAt(index);
            }
        }

        foreach (var (task, device, _) in inFlight)
        {
            Collect(await task, device);
        }

        if (latest.Count > 0)
        {
            await latestStates.UpdateAsync(latest, cancellationToken);
        }

        var byReason = rejected.GroupBy(r => r.Reason).ToDictionary(g => g.Key, g => g.Count());
        return new IngestReport(received, counted, duplicates, byReason) { CounterResets = counterResets };
    }

    public static string MonthOf(DateTimeOffset timestamp) => timestamp.UtcDateTime.ToString("yyyyMM", CultureInfo.InvariantCulture);

    private readonly record struct Accepted(DeviceRegistration Device, TelemetryMessage Message, TelemetryEvent Source);

    /// <summary>One device's messages for one UTC month (<c>yyyyMM</c> as a number): <see cref="Count"/> indices from <see cref="Start"/>.</summary>
    private readonly record struct DeviceMonth(string DeviceId, int Month, int Start, int Count);

    private async ValueTask<(DeviceRegistration? Device, TelemetryMessage Message, RejectionReason Reason, string? Detail)> ScreenAsync(
        TelemetryEvent e, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(e.DeviceId))
        {
            return (null, default, RejectionReason.MissingDeviceIdentity, "the event has no iothub-connection-device-id system property");
        }

        var parsed = TelemetryParser.Parse(e.Body.Span);
        if (!parsed.Succeeded)
        {
            return (null, default, parsed.Reason, parsed.Detail);
        }

        var device = await devices.FindAsync(e.DeviceId, now, cancellationToken);
        if (device is null)
        {
            return (null, default, RejectionReason.UnknownDevice, $"device '{e.DeviceId}' is not registered in any program");
        }

        var (reason, detail) = validator.Validate(parsed.Message, device, now);
        return (device, parsed.Message, reason, detail);
    }

    private async ValueTask<DeviceCountResult> CountDeviceAsync(
        LedgerWorkspace workspace, string deviceId, string month, Accepted[] accepted, ArraySegment<int> items, CancellationToken cancellationToken)
    {
        // A message touches one hour, so small groups (the usual case) are one commit.
        if (items.Count <= ledgers.MaxHoursPerCommit)
        {
            return await CountChunkAsync(workspace, deviceId, month, accepted, items, cancellationToken);
        }

        var total = default(DeviceCountResult);
        foreach (var chunk in ChunkByHours(accepted, items))
        {
            var result = await CountChunkAsync(workspace, deviceId, month, accepted, chunk, cancellationToken);
            total = new DeviceCountResult(
                total.Counted + result.Counted,
                total.Duplicates + result.Duplicates,
                total.CounterResets + result.CounterResets,
                [.. total.Refused ?? [], .. result.Refused ?? []],
                result.Latest ?? total.Latest);
        }

        return total;
    }

    /// <summary>Counts one chunk in one commit, reloading and recounting when another writer got there first.</summary>
    private async ValueTask<DeviceCountResult> CountChunkAsync(
        LedgerWorkspace workspace, string deviceId, string month, Accepted[] accepted, ArraySegment<int> chunk, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            workspace.Begin(deviceId, month);
            foreach (var i in chunk)
            {
                workspace.AddKeysFor(accepted[i].Message);
            }

            await ledgers.LoadAsync(workspace, cancellationToken);
            int counted = 0, duplicates = 0, counterResets = 0;
            List<(TelemetryEvent, SequenceOutcome)>? refused = null;
            foreach (var i in chunk)
            {
                switch (workspace.Ledger.Count(accepted[i].Message))
                {
                    case SequenceOutcome.Accepted: counted++; break;
                    case SequenceOutcome.AcceptedAfterCounterReset: counted++; counterResets++; break;
                    case SequenceOutcome.Duplicate: duplicates++; break;
                    case var outcome: (refused ??= []).Add((accepted[i].Source, outcome)); break;
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
                ledgers.Evict(deviceId, month);
                continue;
            }

            return new DeviceCountResult(counted, duplicates, counterResets, refused, workspace.Ledger.LatestChanged ? workspace.Ledger.Latest : null);
        }
    }

    /// <summary>Splits a device's messages so no commit touches more hours than one transaction can hold.</summary>
    private List<ArraySegment<int>> ChunkByHours(Accepted[] accepted, ArraySegment<int> items)
    {
        var chunks = new List<ArraySegment<int>>();
        var start = 0;
        var hours = new HashSet<DateTimeOffset>();
        for (var i = 0; i < items.Count; i++)
        {
            var hour = DeviceTelemetryLedger.KeysFor(accepted[items[i]].Message).Minute.Hour;
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

    private readonly record struct DeviceCountResult(int Counted, int Duplicates, int CounterResets, List<(TelemetryEvent Source, SequenceOutcome Outcome)>? Refused, LatestReading? Latest);
}
