using Vpp.Application.Dispatch;
using Vpp.Application.Forecasting;
using Vpp.Application.Settlement;
using Vpp.Application.Tests;
using Vpp.Domain.Calendar;
using Vpp.Domain.Devices;
using Vpp.Domain.Dispatch;
using Vpp.Domain.Settlement;
using Vpp.Domain.Tests.Dispatch;
using Vpp.Infrastructure.Tables;
using static Vpp.Domain.Tests.Dispatch.DispatchEventBuilder;

namespace Vpp.Infrastructure.Tests;

/// <summary>Devices settled for an event from telemetry ingested into the ledger on Azurite.</summary>
public sealed class EventSettlerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Start = Local(2026, 12, 16, 17, 0);
    private static readonly DateOnly EarlierEventDay = new(2026, 12, 9);

    /// <summary>A water heater drawing 2 kW from 17:00 to 20:00 on weekdays and 1 kW otherwise; 0 in the earlier event's hours, 0.5 kW in this one's.</summary>
    private static double DrawKw(DateTimeOffset quarterUtc)
    {
        var local = TimeZoneInfo.ConvertTime(quarterUtc, LosAngeles);
        var day = DateOnly.FromDateTime(local.DateTime);
        var evening = local.Hour is >= 17 and < 20 && local.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
        return (evening, day == EarlierEventDay, quarterUtc >= Start) switch
        {
            (true, true, _) => 0,
            (true, _, true) => 0.5,
            (true, _, _) => 2,
            _ => 1,
        };
    }

    /// <summary>Each device's quarters through a harness of its own, whose clock follows the readings, into the shared ledger.</summary>
    private static async Task IngestAsync(TableTelemetryLedgerStore ledger, DeviceRegistration device, DateOnly firstDay)
    {
        var harness = await new IngestionHarness(ledger).WithDevicesAsync(device);
        var deviceId = device.DeviceId;
        long sequence = 0;
        for (var day = firstDay; day <= DateOnly.FromDateTime(Start.UtcDateTime); day = day.AddDays(1))
        {
            var dayStart = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var quarters = Enumerable.Range(0, 96).Select(q => dayStart.AddMinutes(15 * q)).Where(t => t < Start.AddHours(2)).ToList();
            harness.Clock.SetUtcNow(quarters[^1].AddMinutes(16));
            var events = quarters.Select(t => harness.Event(deviceId, Vpp.Domain.Tests.TelemetryJson.Valid().Sequence(++sequence).At(t).With("intervalSeconds", 900).With("powerKw", DrawKw(t)))).ToArray();
            var report = await harness.IngestAsync(events);
            Assert.Equal((events.Length, 0), (report.Counted, report.DeadLetteredTotal));
        }
    }

    private static readonly DeviceRatings Ratings = new() { MaxImportKw = 4.5 };

    private static SettlementEnrolment Enrolment(string id, string customerId = "cust") => new(id, customerId, DeviceType.WaterHeater, Ratings, new DateOnly(2026, 1, 1));

    private static DispatchReportDevice Part(string id, DateTimeOffset? optedOut = null) => new(id, "cust", DeviceType.WaterHeater, DispatchRole.Participant, true, optedOut, null, 0, []);

    /// <summary>A device with three and a half weeks of history and one with two days, both ingested through the event's end on Azurite.</summary>
    private async Task<(EventSettler Settler, string Settled, string Newcomer, DispatchEvent Event)> SetUpAsync(Func<IDeviceHabitsStore, IDeviceHabitsStore>? habits = null)
    {
        var tables = new StorageTables(azurite.Account);
        await tables.CreateAllAsync(CancellationToken.None);
        var ledger = new TableTelemetryLedgerStore(tables.TelemetryLedger);
        var (settled, newcomer) = (AzuriteFixture.UniqueName("wh"), AzuriteFixture.UniqueName("wh-new"));
        await IngestAsync(ledger, new DeviceRegistration(settled, "demo", DeviceType.WaterHeater, Ratings, "cust-1"), new DateOnly(2026, 11, 22));
        await IngestAsync(ledger, new DeviceRegistration(newcomer, "demo", DeviceType.WaterHeater, Ratings, "cust-2"), new DateOnly(2026, 12, 14));
        var dispatchEvent = new DispatchEventBuilder().Id(AzuriteFixture.UniqueName("ev")).Window(Start, Start.AddHours(2)).Types(DeviceType.WaterHeater).Build();
        var store = new TableDeviceHabitsStore(tables);
        return (new EventSettler(ledger, habits?.Invoke(store) ?? store), settled, newcomer, dispatchEvent);
    }

    [Fact]
    public async Task Devices_are_settled_from_their_ingested_quarters_on_the_program_baseline_with_fallbacks_and_opt_outs()
    {
        var (settler, settled, newcomer, dispatchEvent) = await SetUpAsync();
        var excluded = EventSettler.EventDays([new DispatchEventBuilder().Window(Local(2026, 12, 9, 17, 0), Local(2026, 12, 9, 20, 0)).Build()], LosAngeles);

        var tenInTen = await settler.SettleAsync(dispatchEvent, Part(settled), Enrolment(settled), BaselineRule.Default, LosAngeles, HolidayCalendar.UsNerc, excluded, CancellationToken.None);
        var fallback = await settler.SettleAsync(dispatchEvent, Part(newcomer), Enrolment(newcomer), BaselineRule.Default, LosAngeles, HolidayCalendar.UsNerc, excluded, CancellationToken.None);
        var optedOut = await settler.SettleAsync(dispatchEvent, Part(settled, Start.AddMinutes(30)), Enrolment(settled), BaselineRule.Default, LosAngeles, HolidayCalendar.UsNerc, excluded, CancellationToken.None);

        // Ten weekday evenings at 2 kW (the earlier event's day left out) against 0.5 kW metered: 4 − 1 = 3 kWh.
        Assert.Equal((TenInTenBaseline.Method, 4.0, 1.0, 3.0), (tenInTen.Method, Math.Round(tenInTen.BaselineKwh, 6), Math.Round(tenInTen.ActualKwh, 6), Math.Round(tenInTen.DeliveredKwh, 6)));
        Assert.Null(tenInTen.ExcludedReason);
        Assert.Equal(MeterBeforeBaseline.Method, fallback.Method);
        Assert.StartsWith($"{TenInTenBaseline.Method}: 2 like days", fallback.FallbackReason);
        Assert.Equal(1.0, fallback.DeliveredKwh, 6);
        Assert.True(optedOut.OptedOut);
        Assert.Equal(0, optedOut.DeliveredKwh);
        Assert.True(optedOut.CountsForPerformance);
    }

    [Fact]
    public async Task A_device_the_program_released_early_is_settled_over_the_event_up_to_its_release()
    {
        var (settler, settled, _, dispatchEvent) = await SetUpAsync();
        var excluded = EventSettler.EventDays([new DispatchEventBuilder().Window(Local(2026, 12, 9, 17, 0), Local(2026, 12, 9, 20, 0)).Build()], LosAngeles);
        var releasedAt = Start.AddMinutes(50);

        var released = await settler.SettleAsync(dispatchEvent, Part(settled) with { ReleasedUtc = releasedAt }, Enrolment(settled), BaselineRule.Default, LosAngeles,
            HolidayCalendar.UsNerc, excluded, CancellationToken.None);

        // Released in the event's fourth quarter: four quarters at 2 kW of baseline against 0.5 kW metered.
        Assert.Equal((1.0, 2.0, 0.5, 1.5), (released.Hours, Math.Round(released.BaselineKwh, 6), Math.Round(released.ActualKwh, 6), Math.Round(released.DeliveredKwh, 6)));
        Assert.Null(released.ExcludedReason);
        Assert.False(released.OptedOut);
    }

    [Fact]
    public async Task The_learned_profile_is_read_for_a_fallback_only_when_the_device_was_metered_through_the_event()
    {
        CountingHabitsStore? habits = null;
        var (counted, settled, newcomer, dispatchEvent) = await SetUpAsync(store => habits = new CountingHabitsStore(store));
        var none = new HashSet<DateOnly>();

        var withLikeDays = await counted.SettleAsync(dispatchEvent, Part(settled), Enrolment(settled), BaselineRule.Default, LosAngeles, HolidayCalendar.UsNerc, none, CancellationToken.None);
        Assert.Equal(0, habits!.Reads);
        var fallback = await counted.SettleAsync(dispatchEvent, Part(newcomer), Enrolment(newcomer), BaselineRule.Default, LosAngeles, HolidayCalendar.UsNerc, none, CancellationToken.None);
        Assert.Equal(1, habits.Reads);
        var unmetered = await counted.SettleAsync(dispatchEvent, Part("never-reported"), Enrolment("never-reported"), BaselineRule.Default, LosAngeles, HolidayCalendar.UsNerc, none, CancellationToken.None);
        Assert.Equal(1, habits.Reads);

        Assert.Null(withLikeDays.ExcludedReason);
        Assert.NotNull(fallback.FallbackReason);
        Assert.Equal("8 of 8 event intervals not metered", unmetered.ExcludedReason);
        Assert.Equal((0.0, 0.0, false), (unmetered.DeliveredKwh, unmetered.ActualKwh, unmetered.CountsForPerformance));
    }

    [Fact]
    public async Task A_month_of_statements_pays_capacity_by_performance_and_energy_by_event_for_each_customer()
    {
        var (settler, settled, newcomer, dispatchEvent) = await SetUpAsync();
        var report = new DispatchReport(dispatchEvent.EventId, dispatchEvent.ProgramId, dispatchEvent.Kind, false, DispatchEventStatus.Completed, Start, Start.AddHours(2), 5, 15,
            2, 0, 0, 0, 0, 0, 0, 0, [], [], [Part(settled), Part(newcomer)], Start.AddHours(3));
        var terms = new SettlementTermsHistory([new SettlementTerms(new DateOnly(2026, 1, 1), 10m, 1m, BaselineRule.Default)]);
        var eventDays = EventSettler.EventDays([new DispatchEventBuilder().Window(Local(2026, 12, 9, 17, 0), Local(2026, 12, 9, 20, 0)).Build()], LosAngeles);

        var statements = await new MonthStatements(settler).ComputeAsync(terms, new DateOnly(2026, 12, 1), LosAngeles, HolidayCalendar.UsNerc,
            [Enrolment(settled, "cust-1"), Enrolment(newcomer, "cust-2"), Enrolment("idle", "cust-3")], [(dispatchEvent, report)], eventDays, new Dictionary<string, decimal>(), CancellationToken.None);

        // Committed 2.25 kW (half of 4.5). 3 kWh of 4.5 committed: factor 0.6667, $15.00 capacity + $3.00 energy; the newcomer
        // 1 kWh on meter-before: 0.2222, $5.00 + $1.00; no event: $22.50 for availability.
        Assert.Equal(["cust-1", "cust-2", "cust-3"], statements.Select(s => s.CustomerId));
        Assert.Equal([18.00m, 6.00m, 22.50m], statements.Select(s => s.Total));
        Assert.Equal([0.6667m, 0.2222m, null], statements.Select(s => s.Enrolments[0].PerformanceFactor));
        Assert.Contains(TenInTenBaseline.Method, statements[0].Enrolments[0].Lines.Single(l => l.Kind == StatementLineKind.Energy).Description);
    }

    /// <summary>The store's answers, counting the reads that reached it.</summary>
    private sealed class CountingHabitsStore(IDeviceHabitsStore inner) : IDeviceHabitsStore
    {
        public int Reads { get; private set; }

        public Task SaveAsync(string programId, LearnedDeviceHabits habits, CancellationToken cancellationToken) => inner.SaveAsync(programId, habits, cancellationToken);

        public Task<LearnedDeviceHabits?> FindAsync(string programId, string deviceId, CancellationToken cancellationToken)
        {
            Reads++;
            return inner.FindAsync(programId, deviceId, cancellationToken);
        }

        public Task<IReadOnlyDictionary<string, LearnedDeviceHabits>> ListAsync(string programId, CancellationToken cancellationToken) => inner.ListAsync(programId, cancellationToken);
    }
}
