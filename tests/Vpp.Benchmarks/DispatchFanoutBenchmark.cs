using System.Diagnostics;
using Vpp.Application.Dispatch;
using Vpp.Domain.Devices;
using Vpp.Domain.Dispatch;
using Vpp.Infrastructure.DeviceHub;
using Vpp.TestSupport.Memory;

namespace Vpp.Benchmarks;

/// <summary>
/// dispatch-fanout: how long from an event's start until every device is commanded through the IoT Hub adapter, against
/// a fake hub enforcing an S3 hub's twin-update throttle (<see cref="ThrottledFakeHub"/>). The event's batches run as the
/// orchestration fans them out (all at once, each activity <see cref="DispatchCommander"/>); the plan and the command
/// ledger are in memory, so the hub is what is measured. The limit is devices ÷ (250/s × units).
/// </summary>
public static class DispatchFanoutBenchmark
{
    public static async Task<int> RunAsync(int devices, int units)
    {
        var rate = ThrottledFakeHub.S3TwinUpdatesPerSecondPerUnit * units;
        await using var fakeHub = await ThrottledFakeHub.StartAsync(rate);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 });
        using var throttle = new IotHubThrottle(rate);
        var hub = new IotHubDeviceHub(http, IotHubConnection.Parse("HostName=bench-hub.azure-devices.net;SharedAccessKeyName=service;SharedAccessKey=c2VydmljZS1rZXk="),
            TimeProvider.System, fakeHub.Endpoint, throttle);

        var start = new DateTimeOffset(2026, 7, 15, 0, 0, 0, TimeSpan.Zero);
        var (dispatchEvent, _) = DispatchEvent.Create("ev-fanout", "bench", DispatchEventKind.Reduce, start, start.AddHours(3), null, [DeviceType.Battery], null,
            DispatchNotice.DayAhead, isTest: false, "bench", proposed: false, "benchmark", start.AddDays(-1));
        var events = new InMemoryDispatchEventStore();
        await events.AddAsync(dispatchEvent!, CancellationToken.None);
        var ids = Enumerable.Range(0, devices).Select(i => $"bat-{i:000000}").ToList();
        var parts = ids.Select(id => new DispatchAssignment(id, "c-" + id, DeviceType.Battery, DispatchRole.Participant, start, 5,
            [.. Enumerable.Repeat(-4.0, 36)], [.. Enumerable.Repeat(0.0, 36)], [.. Enumerable.Repeat(-5.0, 36)], null)).ToList();
        var plan = new DispatchPlan("ev-fanout", 1, start, start, 5, null, 4.0 * devices, devices, 0, 0, devices, devices, 0, 0, "bench",
            DispatchBatches.Starts(ids, DispatchCommander.BatchSize), DispatchBatches.Starts(parts.Select(p => p.CustomerId!), CustomerNotifier.BatchSize));
        var plans = new InMemoryDispatchPlanStore();
        await plans.SaveAsync(plan, parts, [], CancellationToken.None);
        var commander = new DispatchCommander(events, plans, new InMemoryDeviceCommandLedger(), hub, TimeProvider.System);

        var watch = Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, plan.DeviceBatchStarts.Count)
            .Select(i => DispatchBatches.Range(plan.DeviceBatchStarts, i))
            .Select(range => commander.CommandAsync(new DeviceCommandBatch("bench", "ev-fanout", DispatchStep.Shed, range.From, range.Until), CancellationToken.None)));
        watch.Stop();

        var sent = results.Sum(r => r.Sent);
        var commanded = fakeHub.CommandIds.Count;
        var duplicates = fakeHub.CommandIds.Sum(c => c.Value.Count - c.Value.Distinct(StringComparer.Ordinal).Count());
        var limitSeconds = devices / rate;
        Console.WriteLine(FormattableString.Invariant(
            $"RESULT devices={devices} seconds={watch.Elapsed.TotalSeconds:0.0} limit_seconds={limitSeconds:0.0} ratio={watch.Elapsed.TotalSeconds / limitSeconds:0.000} units={units} commands_sent={sent} devices_commanded={commanded} duplicates={duplicates} throttled_429={fakeHub.Throttled}"));
        return commanded == devices && sent == devices && duplicates == 0 ? 0 : 1;
    }
}
