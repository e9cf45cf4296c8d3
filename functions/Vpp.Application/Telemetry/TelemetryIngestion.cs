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
        var accepted = new List<Accepted>(events.Count);

        foreach (var e in events)
        {
            var (device, message, reason, detail) = await ScreenAsync(e, now, cancellationToken);
            if (reason == RejectionReason.None)
            {
                accepted.Add(new Accepted(device!, message!, e));
            }
            else
            {
                rejected.Add(new DeadLetter(e.PartitionId, e.EventSequenceNumber, e.DeviceId, reason, detail!, e.EnqueuedTime, e.Body));
            }
        }

        var counted = 0;
        var duplicates = 0;
        var counterResets = 0;
        var latest = new List<(DeviceRegistration, LatestReading)>();
        // Group by device and month without a list per group: count, then lay the groups out contiguously.
        var groupIndex = new Dictionary<(string DeviceId, int Month), int>(accepted.Count);
        var groupOf = new int[accepted.Count];
        var sizes = new List<int>();
        for (var i = 0; i < accepted.Count; i++)
        {
            var utc = accepted[i].Message.Timestamp.UtcDateTime;
            var key = (accepted[i].Device.DeviceId, (utc.Year * 100) + utc.Month);
            if (!groupIndex.TryGetValue(key, out var g))
            {
                groupIndex[key] = g = sizes.Count;
                sizes.Add(0);
            }

            groupOf[i] = g;
            sizes[g]++;
        }

        var offsets = new int[sizes.Count + 1];
        for (var g = 0; g < sizes.Count; g++)
        {
            offsets[g + 1] = offsets[g] + sizes[g];
        }

        var ordered = new Accepted[accepted.Count];
        var fill = (int[])offsets.Clone();
        for (var i = 0; i < accepted.Count; i++)
        {
            ordered[fill[groupOf[i]]++] = accepted[i];
        }

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

        // Devices are independent: up to maxParallelDevices ledgers are in flight at once. A store that answers
        // synchronously (in memory, cache hits) costs no task per device.
        var inFlight = new List<(Task<DeviceCountResult> Task, DeviceRegistration Device)>();
        foreach (var ((deviceId, month), g) in groupIndex)
        {
            var items = new ArraySegment<Accepted>(ordered, offsets[g], sizes[g]);
            if (items.Count > 1)
            {
                items.AsSpan().Sort(static (a, b) => (a.Message.Timestamp, a.Message.Sequence).CompareTo((b.Message.Timestamp, b.Message.Sequence)));
            }

            if (!monthNames.TryGetValue(month, out var monthName))
            {
                monthNames[month] = monthName = month.ToString("D6", CultureInfo.InvariantCulture);
            }

            var pending = CountDeviceAsync(deviceId, monthName, items, cancellationToken);
            if (pending.IsCompletedSuccessfully)
            {
                Collect(pending.Result, items[0].Device);
                continue;
            }

            inFlight.Add((pending.AsTask(), items[0].Device));
            if (inFlight.Count >= maxParallelDevices)
            {
                var done = await Task.WhenAny(inFlight.Select(f => f.Task));
                var index = inFlight.FindIndex(f => f.Task == done);
                Collect(await done, inFlight[index].Device);
                inFlight.RemoveAt(index);
            }
        }

        foreach (var (task, device) in inFlight)
        {
            Collect(await task, device);
        }

        if (rejected.Count > 0)
        {
            await deadLetters.WriteAsync(rejected, cancellationToken);
        }

        if (latest.Count > 0)
        {
            await latestStates.UpdateAsync(latest, cancellationToken);
        }

        var byReason = rejected.GroupBy(r => r.Reason).ToDictionary(g => g.Key, g => g.Count());
        return new IngestReport(events.Count, counted, duplicates, byReason) { CounterResets = counterResets };
    }

    public static string MonthOf(DateTimeOffset timestamp) => timestamp.UtcDateTime.ToString("yyyyMM", CultureInfo.InvariantCulture);

    private readonly record struct Accepted(DeviceRegistration Device, TelemetryMessage Message, TelemetryEvent Source);

    private async ValueTask<(DeviceRegistration? Device, TelemetryMessage? Message, RejectionReason Reason, string? Detail)> ScreenAsync(
        TelemetryEvent e, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(e.DeviceId))
        {
            return (null, null, RejectionReason.MissingDeviceIdentity, "the event has no iothub-connection-device-id system property");
        }

        var parsed = TelemetryParser.Parse(e.Body.Span);
        if (!parsed.Succeeded)
        {
            return (null, null, parsed.Reason, parsed.Detail);
        }

        var device = await devices.FindAsync(e.DeviceId, cancellationToken);
        if (device is null)
        {
            return (null, null, RejectionReason.UnknownDevice, $"device '{e.DeviceId}' is not registered in any program");
        }

        var (reason, detail) = validator.Validate(parsed.Message!, device, now);
        return (device, parsed.Message, reason, detail);
    }

    private async ValueTask<DeviceCountResult> CountDeviceAsync(string deviceId, string month, ArraySegment<Accepted> items, CancellationToken cancellationToken)
    {
        // A message touches one hour, so small groups (the usual case) are one commit.
        if (items.Count <= ledgers.MaxHoursPerCommit)
        {
            return await CountChunkAsync(deviceId, month, items, cancellationToken);
        }

        var total = default(DeviceCountResult);
        foreach (var chunk in ChunkByHours(items))
        {
            var result = await CountChunkAsync(deviceId, month, chunk, cancellationToken);
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
    private async ValueTask<DeviceCountResult> CountChunkAsync(string deviceId, string month, ArraySegment<Accepted> chunk, CancellationToken cancellationToken)
    {
        var keys = new List<RollupKey>(chunk.Count * 2);
        foreach (var item in chunk)
        {
            var (minute, quarter) = DeviceTelemetryLedger.KeysFor(item.Message);
            if (!keys.Contains(minute))
            {
                keys.Add(minute);
            }

            if (!keys.Contains(quarter))
            {
                keys.Add(quarter);
            }
        }

        for (var attempt = 1; ; attempt++)
        {
            var loaded = await ledgers.LoadAsync(deviceId, month, keys, cancellationToken);
            int counted = 0, duplicates = 0, counterResets = 0;
            List<(TelemetryEvent, SequenceOutcome)>? refused = null;
            foreach (var item in chunk)
            {
                switch (loaded.Ledger.Count(item.Message))
                {
                    case SequenceOutcome.Accepted: counted++; break;
                    case SequenceOutcome.AcceptedAfterCounterReset: counted++; counterResets++; break;
                    case SequenceOutcome.Duplicate: duplicates++; break;
                    case var outcome: (refused ??= []).Add((item.Source, outcome)); break;
                }
            }

            try
            {
                if (counted > 0)
                {
                    await ledgers.CommitAsync(loaded, cancellationToken);
                }
            }
            catch (LedgerConflictException) when (attempt < MaxCommitAttempts)
            {
                ledgers.Evict(deviceId, month);
                continue;
            }

            return new DeviceCountResult(counted, duplicates, counterResets, refused, loaded.Ledger.LatestChanged ? loaded.Ledger.Latest : null);
        }
    }

    /// <summary>Splits a device's messages so no commit touches more hours than one transaction can hold.</summary>
    private List<ArraySegment<Accepted>> ChunkByHours(ArraySegment<Accepted> items)
    {
        var chunks = new List<ArraySegment<Accepted>>();
        var start = 0;
        var hours = new HashSet<DateTimeOffset>();
        for (var i = 0; i < items.Count; i++)
        {
            var hour = DeviceTelemetryLedger.KeysFor(items[i].Message).Minute.Hour;
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
