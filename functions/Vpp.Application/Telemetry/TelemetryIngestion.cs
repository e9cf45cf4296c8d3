using System.Collections.Concurrent;
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
        var rejected = new ConcurrentBag<DeadLetter>();
        var accepted = new List<(DeviceRegistration Device, TelemetryMessage Message, TelemetryEvent Source)>(events.Count);

        foreach (var e in events)
        {
            var (device, message, reason, detail) = await ScreenAsync(e, now, cancellationToken);
            if (reason == RejectionReason.None)
            {
                accepted.Add((device!, message!, e));
            }
            else
            {
                rejected.Add(new DeadLetter(e.PartitionId, e.EventSequenceNumber, e.DeviceId, reason, detail!, e.EnqueuedTime, e.Body));
            }
        }

        var counted = 0;
        var duplicates = 0;
        var latest = new ConcurrentBag<(DeviceRegistration, LatestReading)>();
        var groups = accepted.GroupBy(a => (a.Device.DeviceId, Month: MonthOf(a.Message.Timestamp)));
        await Parallel.ForEachAsync(
            groups,
            new ParallelOptions { MaxDegreeOfParallelism = maxParallelDevices, CancellationToken = cancellationToken },
            async (group, ct) =>
            {
                var items = group.OrderBy(a => a.Message.Timestamp).ThenBy(a => a.Message.Sequence).ToList();
                var result = await CountDeviceAsync(group.Key.DeviceId, group.Key.Month, items, ct);
                Interlocked.Add(ref counted, result.Counted);
                Interlocked.Add(ref duplicates, result.Duplicates);
                foreach (var outside in result.OutsideWindow)
                {
                    rejected.Add(new DeadLetter(outside.PartitionId, outside.EventSequenceNumber, outside.DeviceId, RejectionReason.SequenceOutsideWindow,
                        $"sequence is more than {SequenceWindow.Size} behind the highest counted; it cannot be proven new", outside.EnqueuedTime, outside.Body));
                }

                if (result.Latest is { } reading)
                {
                    latest.Add((items[0].Device, reading));
                }
            });

        if (!rejected.IsEmpty)
        {
            await deadLetters.WriteAsync(rejected.ToList(), cancellationToken);
        }

        if (!latest.IsEmpty)
        {
            await latestStates.UpdateAsync(latest.ToList(), cancellationToken);
        }

        var byReason = rejected.GroupBy(r => r.Reason).ToDictionary(g => g.Key, g => g.Count());
        return new IngestReport(events.Count, counted, duplicates, byReason);
    }

    public static string MonthOf(DateTimeOffset timestamp) => timestamp.UtcDateTime.ToString("yyyyMM", CultureInfo.InvariantCulture);

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

    private async Task<DeviceCountResult> CountDeviceAsync(
        string deviceId,
        string month,
        List<(DeviceRegistration Device, TelemetryMessage Message, TelemetryEvent Source)> items,
        CancellationToken cancellationToken)
    {
        var total = new DeviceCountResult();
        foreach (var chunk in ChunkByRollups(items))
        {
            var keys = chunk.SelectMany(i => DeviceTelemetryLedger.KeysFor(i.Message)).ToHashSet();
            for (var attempt = 1; ; attempt++)
            {
                var loaded = await ledgers.LoadAsync(deviceId, month, keys, cancellationToken);
                var result = new DeviceCountResult();
                foreach (var item in chunk)
                {
                    switch (loaded.Ledger.Count(item.Message))
                    {
                        case SequenceOutcome.Accepted: result.Counted++; break;
                        case SequenceOutcome.Duplicate: result.Duplicates++; break;
                        default: result.OutsideWindow.Add(item.Source); break;
                    }
                }

                try
                {
                    if (result.Counted > 0)
                    {
                        await ledgers.CommitAsync(loaded, cancellationToken);
                    }
                }
                catch (LedgerConflictException) when (attempt < MaxCommitAttempts)
                {
                    ledgers.Evict(deviceId, month);
                    continue;
                }

                total.Counted += result.Counted;
                total.Duplicates += result.Duplicates;
                total.OutsideWindow.AddRange(result.OutsideWindow);
                if (loaded.Ledger.LatestChanged)
                {
                    total.Latest = loaded.Ledger.Latest;
                }

                break;
            }
        }

        return total;
    }

    /// <summary>Splits a device's messages so no commit touches more rollups than one transaction can hold.</summary>
    private IEnumerable<List<(DeviceRegistration Device, TelemetryMessage Message, TelemetryEvent Source)>> ChunkByRollups(
        List<(DeviceRegistration Device, TelemetryMessage Message, TelemetryEvent Source)> items)
    {
        var chunk = new List<(DeviceRegistration, TelemetryMessage, TelemetryEvent)>();
        var keys = new HashSet<RollupKey>();
        foreach (var item in items)
        {
            var itemKeys = DeviceTelemetryLedger.KeysFor(item.Message).ToList();
            if (keys.Count + itemKeys.Count(k => !keys.Contains(k)) > ledgers.MaxRollupsPerCommit)
            {
                yield return chunk;
                chunk = [];
                keys.Clear();
            }

            chunk.Add(item);
            keys.UnionWith(itemKeys);
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    private sealed class DeviceCountResult
    {
        public int Counted { get; set; }

        public int Duplicates { get; set; }

        public List<TelemetryEvent> OutsideWindow { get; } = [];

        public LatestReading? Latest { get; set; }
    }
}
