using Microsoft.Extensions.Time.Testing;
using Vpp.Application.Dispatch;
using Vpp.Application.Tests;
using Vpp.Domain.Devices;
using Vpp.Domain.Dispatch;
using Vpp.Domain.Tests;
using Vpp.Domain.Tests.Dispatch;
using Vpp.Infrastructure.Tables;
using Vpp.TestSupport.Memory;
using static Vpp.Domain.Tests.Dispatch.DispatchEventBuilder;

namespace Vpp.Infrastructure.Tests;

/// <summary>An event's report built from telemetry ingested into the ledger on Azurite.</summary>
public sealed class DispatchReporterTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Start = Local(2026, 7, 14, 17, 0);
    private static readonly DateTimeOffset End = Start.AddHours(1);
    private static readonly DateTimeOffset ReleasedAt = Start.AddMinutes(20);

    [Fact]
    public async Task A_device_released_early_counts_until_its_release_and_its_recharge_afterwards_is_not_the_events()
    {
        // Three batteries idle at 0.5 kW undispatched and discharge 1.5 kW through the event, reporting each minute. The
        // target is lowered and the first is released at 17:20: from then on it recharges at 3 kW.
        var tables = new StorageTables(azurite.Account);
        await tables.CreateAllAsync(CancellationToken.None);
        var ledger = new TableTelemetryLedgerStore(tables.TelemetryLedger);
        var dispatchEvent = new DispatchEventBuilder().Id(AzuriteFixture.UniqueName("ev")).Window(Start, End).Build();
        var ids = new[] { "released", "held-a", "held-b" }.Select(id => dispatchEvent.EventId + "-" + id).ToList();
        var harness = await new IngestionHarness(ledger, Start).WithDevicesAsync([.. ids.Select(id => TestDevices.Battery(id) with { ProgramId = dispatchEvent.ProgramId })]);
        var minutes = Enumerable.Range(0, 90).Select(m => Start.AddMinutes(m)).ToList();
        harness.Clock.SetUtcNow(minutes[^1].AddMinutes(2));
        var readings = ids.SelectMany(id => minutes.Select((t, m) => harness.Event(id, TelemetryJson.Valid().Sequence(m + 1).At(t).With("intervalSeconds", 60)
            .With("powerKw", t >= End || (id == ids[0] && t >= ReleasedAt) ? (id == ids[0] ? 3.0 : 0.5) : -1.5)))).ToArray();
        var ingested = await harness.IngestAsync(readings);
        Assert.Equal((readings.Length, 0), (ingested.Counted, ingested.DeadLetteredTotal));

        var events = new InMemoryDispatchEventStore();
        await events.AddAsync(dispatchEvent, CancellationToken.None);
        var plans = new InMemoryDispatchPlanStore();
        var parts = ids.Select(id => new DispatchAssignment(id, "c-" + id, DeviceType.Battery, DispatchRole.Participant, Start, 15,
            [-1.5, -1.5, -1.5, -1.5], [0.5, 0.5, 0.5, 0.5], [-5, -5, -5, -5], null, ReleasedUtc: id == ids[0] ? ReleasedAt : null)).ToList();
        await plans.SaveAsync(new DispatchPlan(dispatchEvent.EventId, 1, Start.AddMinutes(-30), Start, 15, 6, 6, 3, 0, 0, 3, 3, 0, 0, "lp", [], []), parts, [], CancellationToken.None);
        var commands = new InMemoryDeviceCommandLedger();
        await commands.RecordIntendedAsync(dispatchEvent.EventId, DispatchStep.Shed, ids, Start, CancellationToken.None);
        await commands.RecordSentAsync(dispatchEvent.EventId, DispatchStep.Shed, ids, Start, CancellationToken.None);
        var reporter = new DispatchReporter(events, plans, commands, ledger, new BlobDispatchReportStore(tables), new FakeTimeProvider(End.AddMinutes(40)));

        var report = await reporter.ReportAsync(dispatchEvent.ProgramId, dispatchEvent.EventId, TimeSpan.FromMinutes(15), CancellationToken.None);

        // 17:15–17:30 holds the released battery for a third of it: its 2 kW delivered then counts a third in the mean.
        Assert.Equal(Rounded([6.0, 4.0 + (2.0 / 3), 4.0, 4.0]), Rounded(report.Totals.Select(i => i.DeliveredKw)));
        Assert.Equal(Rounded([1.5, 1.0 + (0.5 / 3), 1.0, 1.0]), Rounded(report.Totals.Select(i => i.BaselineKw)));
        Assert.Equal(Rounded([-4.5, -3.0 - (1.5 / 3), -3.0, -3.0]), Rounded(report.Totals.Select(i => i.MeasuredKw)));
        Assert.Equal([3, 3, 2, 2], report.Totals.Select(i => i.Reporting));
        Assert.Equal(1.5 + 1.0 + (2.0 * 5 / 60) + 1.0 + 1.0, report.DeliveredKwh, 3);

        // Its own rows: delivered until 17:20, then what it drew with nothing delivered.
        var released = report.Devices.Single(d => d.DeviceId == ids[0]);
        Assert.Equal(ReleasedAt, released.ReleasedUtc);
        Assert.Equal(Rounded([2.0, 2.0, 0, 0]), Rounded(released.Intervals.Select(i => i.DeliveredKw)));
        Assert.Equal(Rounded([-1.5, -1.5, 3.0, 3.0]), Rounded(released.Intervals.Select(i => i.MeasuredKw)));
        Assert.Equal(0.5 + (2.0 * 5 / 60), released.DeliveredKwh, 3);
        Assert.All(report.Devices.Where(d => d.DeviceId != ids[0]), d => Assert.Equal(2.0, d.DeliveredKwh, 3));

        // The rebound after the event counts every commanded battery, the released one too.
        Assert.Equal(3.0 + 0.5 + 0.5, report.ReboundPeakKw, 3);
    }

    private static double[] Rounded(IEnumerable<double> kw) => [.. kw.Select(v => Math.Round(v, 2))];
}
