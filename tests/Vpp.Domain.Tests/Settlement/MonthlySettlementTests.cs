using Vpp.Domain.Calendar;
using Vpp.Domain.Devices;
using Vpp.Domain.Dispatch;
using Vpp.Domain.Forecasting;
using Vpp.Domain.Settlement;
using static Vpp.Domain.Tests.Settlement.SettlementBuilders;

namespace Vpp.Domain.Tests.Settlement;

public sealed class MonthlySettlementTests
{
    private static readonly TimeZoneInfo Pacific = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");

    [Fact]
    public void Known_answer_PG_and_E_ELRP_battery_paid_2_dollars_per_kWh_beyond_what_it_would_have_discharged_anyway()
    {
        // Enphase's ELRP example: two IQ Battery 10 at 20 % reserve can give 16 kWh in an event; the home would have
        // drawn 4 kWh of it anyway, so 12 kWh are credited, $24 at $2/kWh. Here a 3-hour event from 16:00 on a weekday.
        var weekday = Enumerable.Range(0, PowerProfile.QuartersPerDay).Select(q => q is >= 64 and < 76 ? -4.0 / 3 : 0).ToArray();
        var profile = new PowerProfile(20, weekday, weekday);
        var start = SettlementHistory.LocalUtc(Pacific, 2026, 6, 17, 16);
        var rule = new BaselineRule(BaselineMethod.DeviceMeasured, DayOfAdjustment.None);
        var choice = rule.Choose(new BaselineHistory(new Dictionary<DateTimeOffset, double>(), profile, Pacific, HolidayCalendar.UsNerc, new HashSet<DateOnly>()), start, 12, TimeSpan.FromMinutes(15));
        var metered = Enumerable.Repeat(-16.0 / 12, 12).ToArray();
        var enrolment = Enrolment(DeviceType.Battery, importKw: 7.68, exportKw: 7.68);

        var settled = DeviceEventSettlement.Settle("elrp-1", new DateOnly(2026, 6, 17), DispatchEventKind.Reduce, false, TimeSpan.FromMinutes(15), choice, metered, enrolment.MaxSwingKw, null);
        var statement = Settle(Terms(capacityPerKwMonth: 0, energyPerKwh: 2m), [settled], enrolment);

        Assert.Equal(12, settled.DeliveredKwh, 9);
        Assert.Equal(DeviceProfileBaseline.Method, settled.Method);
        var energy = Assert.Single(statement.Lines, l => l.Kind == StatementLineKind.Energy);
        Assert.Equal(12.000m, energy.Quantity);
        Assert.Equal(24.00m, statement.Total);
    }

    [Fact]
    public void Known_rule_Con_Edison_DLM_test_event_pays_at_most_committed_kW_times_its_length()
    {
        // The DLM agreement: $1/kWh of load relief; for test events the kWh paid do not exceed the portfolio quantity × the test's length.
        var terms = Terms(capacityPerKwMonth: 0, energyPerKwh: 1m) with { EnergyCreditForTestEvents = true };
        var statement = Settle(terms, [Delivered("test-1", 10, 1, 6.5, isTest: true), Delivered("real-1", 20, 1, 6.5)]);

        Assert.Equal([4.00m, 6.50m], statement.Lines.Where(l => l.Kind == StatementLineKind.Energy).Select(l => l.Amount));
        Assert.Contains("test event held to committed kW", statement.Lines.First(l => l.Kind == StatementLineKind.Energy).Description);
        Assert.Equal(10.50m, statement.Total);
    }

    [Fact]
    public void Known_rates_Con_Edison_CSRP_reservation_option_pays_5_dollars_per_kW_month_and_50_cents_per_kWh()
    {
        // CSRP's reservation payment option (2014): $5.00/kW-month for the pledge, $0.50 per kWh reduced in events.
        var terms = Terms(capacityPerKwMonth: 5m, energyPerKwh: 0.5m) with { Commitment = CommitmentBasis.Pledge };
        var enrolment = Enrolment() with { PledgedKw = 4 };
        var statement = Settle(terms, [Delivered("csrp-1", 15, 5, 20)], enrolment);

        Assert.Equal("pledged", statement.CommitmentBasis);
        Assert.Equal(4.000m, statement.CommittedKw);
        Assert.Equal(1m, statement.PerformanceFactor);
        Assert.Equal([20.00m, 10.00m], statement.Lines.Select(l => l.Amount));
    }

    [Fact]
    public void Capacity_is_paid_by_the_performance_factor_and_forfeited_below_the_floor_with_a_clawback()
    {
        // Committed 4 kW; two 2-hour events delivering 6 and 2 kWh: 8 of 16 kWh committed, factor 0.5.
        IReadOnlyList<DeviceEventSettlement> events = [Delivered("e1", 5, 2, 6), Delivered("e2", 12, 2, 2)];

        var paid = Settle(Terms(), events);
        var forfeited = Settle(Terms() with { PerformanceFloor = 0.6, ClawbackPerKwMonth = 2m }, events);

        Assert.Equal(0.5m, paid.PerformanceFactor);
        Assert.Equal(20.00m, paid.Lines.Single(l => l.Kind == StatementLineKind.Capacity).Amount);
        Assert.Equal(0m, forfeited.Lines.Single(l => l.Kind == StatementLineKind.Capacity).Amount);
        Assert.Contains("below the floor", forfeited.Lines.Single(l => l.Kind == StatementLineKind.Capacity).Description);
        Assert.Equal(-8.00m, forfeited.Lines.Single(l => l.Kind == StatementLineKind.Clawback).Amount);
        Assert.Equal(0.00m, forfeited.Total); // the clawback takes back what the two events' 8 kWh earned
    }

    [Fact]
    public void An_opt_out_counts_as_nothing_delivered_but_an_event_without_a_baseline_does_not_count()
    {
        var statement = Settle(Terms(), [Delivered("e1", 5, 2, 8), OptedOut("e2", 12, 2), WithoutBaseline("e3", 19, 2)]);

        Assert.Equal(0.5m, statement.PerformanceFactor);
        Assert.Equal(["e1"], statement.Lines.Where(l => l.Kind == StatementLineKind.Energy).Select(l => l.EventId));
        Assert.Equal("no baseline: nothing", statement.Events[2].ExcludedReason);
    }

    [Fact]
    public void A_month_without_events_pays_capacity_for_availability_and_one_short_of_the_minimum_events_pays_none()
    {
        var quiet = Settle(Terms(), []);
        var tooFew = Settle(Terms() with { MinimumEventsForCapacity = 2 }, [Delivered("e1", 5, 2, 8), OptedOut("e2", 12, 2)]);
        var fewCalled = Settle(Terms() with { MinimumEventsForCapacity = 3 }, [Delivered("e1", 5, 2, 8)]);

        Assert.Null(quiet.PerformanceFactor);
        Assert.Equal(40.00m, quiet.Total);
        Assert.Contains("no events", quiet.Lines[0].Description);
        Assert.Equal(0m, tooFew.Lines.Single(l => l.Kind == StatementLineKind.Capacity).Amount);
        Assert.Contains("1 of the 2 events", tooFew.Lines[0].Description);
        Assert.Equal(40.00m, fewCalled.Lines.Single(l => l.Kind == StatementLineKind.Capacity).Amount);
    }

    [Fact]
    public void Capacity_is_prorated_by_the_days_enrolled()
    {
        var joined = Enrolment() with { EnrolledOn = new DateOnly(2026, 6, 16) };
        var left = Enrolment() with { LeftOn = new DateOnly(2026, 6, 11) };

        Assert.Equal(20.00m, Settle(Terms(), [], joined).Total);
        Assert.Equal(13.33m, Settle(Terms(), [], left).Total);
        Assert.Contains("enrolled 10 of 30 days", Settle(Terms(), [], left).Lines[0].Description);
    }

    [Fact]
    public void Caps_per_event_month_and_year_take_back_what_exceeds_them_on_lines_of_their_own()
    {
        var events = new[] { Delivered("e1", 5, 2, 8), Delivered("e2", 12, 2, 8) };
        var eventCap = Settle(Terms(energyPerKwh: 1m) with { EventCap = 5m }, events);
        var monthCap = Settle(Terms(energyPerKwh: 1m) with { MonthCap = 50m }, events);
        var yearCap = Settle(Terms(energyPerKwh: 1m) with { YearCap = 500m }, events, yearToDate: 470m);

        Assert.Equal([5m, 5m], eventCap.Lines.Where(l => l.Kind == StatementLineKind.Energy).Select(l => l.Amount));
        Assert.Equal(50.00m, eventCap.Total);
        Assert.Equal(-6.00m, monthCap.Lines.Single(l => l.Kind == StatementLineKind.Cap).Amount);
        Assert.Equal(50.00m, monthCap.Total);
        Assert.Equal(30.00m, yearCap.Total);
    }

    [Fact]
    public void Each_event_is_paid_on_the_terms_in_force_on_its_date_and_the_month_capacity_on_those_of_its_first_day()
    {
        var history = new SettlementTermsHistory([Terms(10m, 1m), Terms(20m, 3m) with { EffectiveFrom = new DateOnly(2026, 6, 10) }]);

        var statement = MonthlySettlement.Settle(history, Enrolment(), June, [Delivered("before", 5, 2, 8), Delivered("after", 12, 2, 8)], 0);

        Assert.Equal([40.00m, 8.00m, 24.00m], statement.Lines.Select(l => l.Amount));
    }

    [Fact]
    public void Amounts_round_half_to_even_at_the_cent_and_energy_at_the_watt_hour()
    {
        var terms = Terms(capacityPerKwMonth: 0, energyPerKwh: 0.05m);

        Assert.Equal(0.12m, Settle(terms, [Delivered("e1", 5, 1, 2.5)]).Total);
        Assert.Equal(0.18m, Settle(terms, [Delivered("e1", 5, 1, 3.5)]).Total);
        Assert.Equal(2.345m, MonthlySettlement.CreditedKwh(Delivered("e1", 5, 1, 2.3454999), 10));
        Assert.Equal(0.12m, SettlementRounding.ToCents(0.125m));
        Assert.Equal(0.14m, SettlementRounding.ToCents(0.135m));
    }

    [Fact]
    public void Seasonal_rates_cover_their_months_across_the_new_year()
    {
        var terms = Terms(capacityPerKwMonth: 1m) with { Seasons = [new(6, 9, 18m), new(11, 2, 6m)] };

        Assert.Equal([6m, 6m, 1m, 1m, 1m, 18m, 18m, 18m, 18m, 1m, 6m, 6m], Enumerable.Range(1, 12).Select(terms.CapacityRateFor));
    }
}
