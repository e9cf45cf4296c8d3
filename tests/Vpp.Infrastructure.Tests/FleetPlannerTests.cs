using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Vpp.Application.Optimization;
using Vpp.Domain.Calendar;
using Vpp.Domain.Devices;
using Vpp.Domain.Optimization;
using Vpp.Domain.Tests;
using Vpp.Infrastructure.Optimization;
using Vpp.Infrastructure.Pricing;
using Vpp.Domain.Tests.Optimization;

namespace Vpp.Infrastructure.Tests;

public sealed class FleetPlannerTests
{
    private static readonly PlanningHorizon Day = MixedFleetBuilder.Day;

    /// <summary>
    /// Plans on a compute clock that stands still, so how many repair rounds run depends on the fleet, not on how busy
    /// the machine is; the solver itself still has 20 s of real time.
    /// </summary>
    private static FleetPlan Plan(List<FlexibleDevice> devices, double[] baseline, PlanObjective objective, ILpSolver? solver = null) =>
        new FleetPlanner(solver ?? new OrToolsSolver(), computeClock: new FakeTimeProvider())
            .Plan(Day, baseline, DeviceCohort.Group(devices, Day.IntervalHours), objective, TimeSpan.FromSeconds(20));

    private static void AssertEveryDevicePlanFeasible(List<FlexibleDevice> devices, FleetPlan plan)
    {
        Assert.Equal(0, plan.InfeasibleDevices);
        var plans = plan.DevicePlans.ToDictionary(p => p.DeviceId);
        Assert.Equal(devices.Count, plans.Count);
        foreach (var device in devices)
        {
            Assert.Empty(PlanFeasibility.Violations(DeviceEnvelope.Of(device, Day.IntervalHours), plans[device.DeviceId]));
        }
    }

    [Fact]
    public void Peak_shaving_with_a_mixed_fleet_lowers_the_peak_and_keeps_every_device_within_its_limits()
    {
        var (devices, baseline) = new MixedFleetBuilder(1).Build(300);

        var plan = Plan(devices, baseline, new PeakShavingObjective());

        Assert.Equal("lp", plan.Method);
        Assert.True(plan.PlannedPeakKw < plan.BaselinePeakKw * 0.85, $"peak {plan.BaselinePeakKw:0} -> {plan.PlannedPeakKw:0} kW");
        Assert.False(plan.Search.StoppedAtLimit);
        Assert.InRange(plan.Search.KeptRound, 1, plan.Search.Rounds);
        AssertEveryDevicePlanFeasible(devices, plan);
        // Every EV still leaves with what it needed.
        foreach (var ev in devices.Where(d => d.Type == Domain.Devices.DeviceType.EvCharger))
        {
            var delivered = plan.DevicePlans.Single(p => p.DeviceId == ev.DeviceId).EnergyKwh[^1];
            Assert.True(delivered >= ev.MinEnergyKwh[^1] - 1e-6, $"{ev.DeviceId} got {delivered:0.00} of {ev.MinEnergyKwh[^1]:0.00} kWh");
        }
    }

    [Fact]
    public void Energy_cost_under_a_real_time_of_use_tariff_moves_load_out_of_the_peak_price_hours()
    {
        var (devices, baseline) = new MixedFleetBuilder(2).Build(200);
        var tariff = TariffJson.Parse(File.ReadAllText(SharedData.PathOf("acnportal-tariffs/sce_tou_ev_4_march_2019.json")));
        var prices = tariff.PricesFor(Day, TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles"), HolidayCalendar.UsNerc);

        var plan = Plan(devices, baseline, new EnergyCostObjective(prices));

        Assert.Equal("lp", plan.Method);
        Assert.True(plan.PlannedCost < plan.BaselineCost, $"cost {plan.BaselineCost} -> {plan.PlannedCost}");
        var onPeak = Enumerable.Range(0, Day.Intervals).Where(t => prices[t] == prices.Max()).ToList();
        Assert.True(onPeak.Sum(t => plan.PlannedNetKw[t]) < onPeak.Sum(t => plan.BaselineNetKw[t]));
        AssertEveryDevicePlanFeasible(devices, plan);
    }

    [Fact]
    public void An_event_is_delivered_by_the_least_noticed_devices_first()
    {
        var (devices, baseline) = new MixedFleetBuilder(3).Build(200);
        var evening = new EventDeliveryObjective(72, 80, 60);

        var plan = Plan(devices, baseline, evening);

        Assert.Equal("lp", plan.Method);
        // Checked on the devices' own plans: where members could not follow their cohort, later rounds asked for more.
        for (var t = 72; t < 80; t++)
        {
            Assert.True(plan.BaselineNetKw[t] - plan.PlannedNetKw[t] >= 60 - 1e-3, $"interval {t}: {plan.BaselineNetKw[t] - plan.PlannedNetKw[t]:0.0} kW");
        }

        Assert.DoesNotContain(plan.UnmetLimits, u => u.Limit == "event reduction");
        // Batteries alone can deliver 60 kW here, so no thermostat is moved off its baseline in the window.
        var thermostats = plan.DevicePlans.Where(p => p.DeviceId.StartsWith("th-", StringComparison.Ordinal)).ToList();
        var moved = thermostats.Sum(p => Enumerable.Range(72, 8).Sum(t => Math.Abs(p.PowerKw[t] - devices.Single(d => d.DeviceId == p.DeviceId).BaselinePowerKw[t])));
        Assert.True(moved < 1, $"thermostats moved {moved:0.00} kW");
        AssertEveryDevicePlanFeasible(devices, plan);
    }

    [Fact]
    public void An_events_devices_owe_only_what_devices_outside_the_plan_do_not_already_shed()
    {
        var (devices, baseline) = new MixedFleetBuilder(3).Build(200);
        // Devices keeping an earlier part shed 40 kW of the 60 in the window's first hour, nothing in its second.
        var elsewhere = Enumerable.Range(0, Day.Intervals).Select(t => t is >= 72 and < 76 ? 40.0 : 0).ToArray();

        var plan = Plan(devices, baseline, new EventDeliveryObjective(72, 80, 60) { ShedElsewhereKw = elsewhere });

        Assert.Equal("lp", plan.Method);
        for (var t = 72; t < 80; t++)
        {
            var delivered = plan.BaselineNetKw[t] - plan.PlannedNetKw[t];
            Assert.True(t < 76 ? delivered is >= 20 - 1e-3 and < 30 : delivered >= 60 - 1e-3, $"interval {t}: {delivered:0.0} kW");
        }

        Assert.DoesNotContain(plan.UnmetLimits, u => u.Limit == "event reduction");
    }

    [Fact]
    public void An_event_larger_than_the_fleet_is_delivered_as_far_as_possible_and_the_shortfall_is_reported()
    {
        var (devices, baseline) = new MixedFleetBuilder(4).Build(50);

        var plan = Plan(devices, baseline, new EventDeliveryObjective(72, 80, 5000));

        Assert.Equal("lp", plan.Method);
        var unmet = Assert.Single(plan.UnmetLimits, u => u.Limit == "event reduction");
        Assert.True(unmet.ShortBy > 4000, unmet.ToString());
        AssertEveryDevicePlanFeasible(devices, plan);
        // Every round asks for more than the fleet has and none does better than the first: the search stops after eight
        // such rounds, not at the cap of thirty.
        Assert.Equal((9, 1, false), (plan.Search.Rounds, plan.Search.KeptRound, plan.Search.StoppedAtLimit));
    }

    [Fact]
    public void Devices_that_cannot_meet_their_own_limits_are_reported_and_do_not_stop_the_plan()
    {
        var (devices, baseline) = new MixedFleetBuilder(5).Build(60);
        var late = FlexibleDevices.EvCharger("ev-late", Day, 7.2, [new EvSession(Day.StartUtc.AddHours(6), Day.StartUtc.AddHours(7), 40)], ChargingStandard.MinimumChargingKw);
        devices.Add(late);
        for (var t = 0; t < Day.Intervals; t++)
        {
            baseline[t] += late.BaselinePowerKw[t];
        }

        var plan = Plan(devices, baseline, new PeakShavingObjective());

        Assert.Equal("lp", plan.Method);
        var unmet = Assert.Single(plan.UnmetLimits, u => u.Subject == "ev-late");
        Assert.Equal(40 - 7.2, unmet.ShortBy, 6);
        AssertEveryDevicePlanFeasible(devices, plan);
    }

    [Fact]
    public void A_house_pre_cooled_for_the_evening_peak_is_not_cooled_again_when_the_cool_night_refills_it()
    {
        // 30 °C from noon to 20:00, 16 °C otherwise; the homes peak 17:00–19:00.
        var outdoor = Enumerable.Range(0, Day.Intervals).Select(t => t is >= 48 and < 80 ? 30.0 : 16.0).ToArray();
        var house = FlexibleDevices.Thermostat("th", Day, 3.5, 24, 24, 18, 27, outdoor, ThermalParameters.TypicalHouse, cooling: true);
        var baseline = Enumerable.Range(0, Day.Intervals).Select(t => (t is >= 68 and < 76 ? 6.0 : 2.0) + house.BaselinePowerKw[t]).ToArray();

        var plan = Plan([house], baseline, new PeakShavingObjective());

        Assert.Equal("lp", plan.Method);
        Assert.True(plan.PlannedPeakKw < plan.BaselinePeakKw - 0.1, $"peak {plan.BaselinePeakKw:0.00} -> {plan.PlannedPeakKw:0.00} kW");
        var houses = Assert.Single(plan.DevicePlans);
        // The store ends where it started without running again: the 16 °C evening gives the coolth back.
        Assert.All(houses.PowerKw[80..], p => Assert.Equal(0, p, 6));
        Assert.True(houses.EnergyKwh[^1] >= house.InitialEnergyKwh - 1e-6, $"ends at {houses.EnergyKwh[^1]:0.000} kWh of {house.InitialEnergyKwh:0.000}");
        AssertEveryDevicePlanFeasible([house], plan);
        Assert.DoesNotContain(plan.UnmetLimits, u => u.Subject == "th");
    }

    [Fact]
    public void A_tank_hotter_than_its_setpoint_may_cool_to_it_and_the_plan_never_peaks_above_the_baseline()
    {
        // 64 °C in a tank set to 55 °C: undispatched it coasts down to its setpoint and then holds it.
        var draws = Enumerable.Repeat(0.5, Day.Intervals).ToArray();
        var tank = FlexibleDevices.WaterHeater("wh", Day, 4.5, 64, 45, 65, 55, draws, ThermalParameters.TypicalTank);
        // The homes fill in around the tank: the program draws a flat 4 kW undispatched, so any extra heat is a new peak.
        var baseline = Enumerable.Repeat(4.0, Day.Intervals).ToArray();

        var plan = Plan([tank], baseline, new PeakShavingObjective());

        Assert.Equal("lp", plan.Method);
        Assert.True(plan.PlannedPeakKw <= plan.BaselinePeakKw + 1e-6, $"peak {plan.BaselinePeakKw:0.000} -> {plan.PlannedPeakKw:0.000} kW");
        Assert.DoesNotContain(plan.UnmetLimits, u => u.Limit == "end where it started");
        AssertEveryDevicePlanFeasible([tank], plan);
    }

    [Fact]
    public void On_a_flat_baseline_no_plan_peaks_higher_than_leaving_every_device_undispatched()
    {
        // A young program's forecast is persistence: flat. Every interval is then a peak, and the LP, indifferent between
        // many ways to move its EV cohorts, picked one their members could not follow (a peak 5.6 % above the baseline's).
        var (devices, homes) = new MixedFleetBuilder(1).Build(600);
        var flat = Enumerable.Repeat(homes.Average(), Day.Intervals).ToArray();

        var plan = Plan(devices, flat, new PeakShavingObjective());

        Assert.True(plan.PlannedPeakKw <= plan.BaselinePeakKw + 1e-6, $"{plan.Method}: peak {plan.BaselinePeakKw:0.0} -> {plan.PlannedPeakKw:0.0} kW");
        AssertEveryDevicePlanFeasible(devices, plan);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Devices_opted_out_for_the_evening_are_held_at_what_they_draw_on_their_own_there_and_planned_around_it(bool solverFails)
    {
        var (fleet, baseline) = new MixedFleetBuilder(7).Build(160);
        // Every fourth device opted out from 17:00 to 20:00 local (intervals 68-79), across the evening peak.
        var evening = Day.IntervalsOverlapping([(Day.StartOf(68), Day.StartOf(80))]);
        var devices = fleet.Select((d, i) => i % 4 == 0 ? d.HeldAtBaseline(evening) : d).ToList();
        var held = devices.Where(d => d.Held is not null).ToList();

        var plan = Plan(devices, baseline, new PeakShavingObjective(), solverFails ? new FailingSolver() : null);

        Assert.Equal(solverFails ? "greedy-fallback" : "lp", plan.Method);
        Assert.True(plan.PlannedPeakKw < plan.BaselinePeakKw, $"peak {plan.BaselinePeakKw:0} -> {plan.PlannedPeakKw:0} kW");
        AssertEveryDevicePlanFeasible(devices, plan);
        var plans = plan.DevicePlans.ToDictionary(p => p.DeviceId);
        Assert.Equal(40, held.Count);
        Assert.All(held, d => Assert.All(Enumerable.Range(68, 12), t => Assert.Equal(d.BaselinePowerKw[t], plans[d.DeviceId].PowerKw[t], 6)));
        // Not held, the same devices would have been moved in that window.
        var free = Plan(fleet, baseline, new PeakShavingObjective(), solverFails ? new FailingSolver() : null).DevicePlans.ToDictionary(p => p.DeviceId);
        Assert.Contains(held, d => Enumerable.Range(68, 12).Any(t => Math.Abs(free[d.DeviceId].PowerKw[t] - d.BaselinePowerKw[t]) > 0.1));
        if (!solverFails)
        {
            // Held only in their window: the planner still moves them before and after it.
            Assert.Contains(held, d => Enumerable.Range(0, Day.Intervals).Any(t => Math.Abs(plans[d.DeviceId].PowerKw[t] - d.BaselinePowerKw[t]) > 0.1));
        }
    }

    [Fact]
    public void When_the_solver_fails_a_feasible_greedy_plan_is_returned_marked_and_logged_as_a_warning()
    {
        var (devices, baseline) = new MixedFleetBuilder(6).Build(100);
        var log = new FakeLogger<FleetPlanner>();

        var plan = new FleetPlanner(new FailingSolver(), log).Plan(Day, baseline, DeviceCohort.Group(devices, Day.IntervalHours), new PeakShavingObjective(), TimeSpan.FromSeconds(20));

        Assert.Equal("greedy-fallback", plan.Method);
        // The first round's mixed-integer search is named too; the greedy plan is what came of it.
        var warning = log.Collector.GetSnapshot().Last(r => r.Level == LogLevel.Warning);
        Assert.Contains("greedy", warning.Message, StringComparison.Ordinal);
        Assert.Equal(LpStatus.Failed, plan.SolverStatus);
        Assert.Equal((0, 0, false), (plan.Search.Rounds, plan.Search.KeptRound, plan.Search.StoppedAtLimit));
        Assert.True(plan.PlannedPeakKw < plan.BaselinePeakKw);
        Assert.Contains(plan.UnmetLimits, u => u.Reason.Contains("greedy", StringComparison.Ordinal));
        AssertEveryDevicePlanFeasible(devices, plan);
    }

    [Fact]
    public void A_repair_round_that_fails_keeps_the_last_optimal_plan_instead_of_falling_back_to_greedy()
    {
        var (devices, baseline) = new MixedFleetBuilder(1).Build(300);
        var solver = new FailingAfterFirstSolve(new OrToolsSolver());
        var log = new FakeLogger<FleetPlanner>();

        var plan = new FleetPlanner(solver, log).Plan(Day, baseline, DeviceCohort.Group(devices, Day.IntervalHours), new PeakShavingObjective(), TimeSpan.FromSeconds(20));

        Assert.True(solver.Calls >= 2, "the fleet needs a repair round for this test to mean anything");
        var warning = Assert.Single(log.Collector.GetSnapshot(), r => r.Level == LogLevel.Warning);
        Assert.StartsWith("Repair round 1 ended Stopped", warning.Message, StringComparison.Ordinal);
        Assert.Equal("lp", plan.Method);
        Assert.Equal(LpStatus.Optimal, plan.SolverStatus);
        Assert.Equal((1, 1, true), (plan.Search.Rounds, plan.Search.KeptRound, plan.Search.StoppedAtLimit));
        Assert.True(plan.PlannedPeakKw < plan.BaselinePeakKw * 0.9, $"peak {plan.BaselinePeakKw:0} -> {plan.PlannedPeakKw:0} kW");
        Assert.Equal(devices.Count, plan.DevicePlans.Count);
    }

    [Fact]
    public void Another_repair_round_never_leaves_the_devices_with_a_worse_plan()
    {
        // Each round pins more of the cohorts to what their members did; on this fleet the fourth round's plan alone
        // peaks higher than the third's, and the plan of four rounds is the third's.
        var (devices, baseline) = new MixedFleetBuilder(1).Build(300);

        var plans = Enumerable.Range(1, 5).Select(solves => Plan(devices, baseline, new PeakShavingObjective(), new StoppingAfter(new OrToolsSolver(), solves))).ToList();
        var peaks = plans.Select(p => p.PlannedPeakKw).ToList();

        // Each plan says how many rounds it had and which it kept, the plan of the rounds up to that one.
        Assert.Equal([1, 2, 3, 4, 5], plans.Select(p => p.Search.Rounds));
        Assert.All(plans, p => Assert.True(p.Search.StoppedAtLimit));
        Assert.All(plans, p => Assert.Equal(peaks[p.Search.KeptRound - 1], p.PlannedPeakKw, 6));
        Assert.Contains(plans, p => p.Search.KeptRound < p.Search.Rounds);

        Assert.All(peaks.Zip(peaks.Skip(1)), p => Assert.True(p.Second <= p.First + 1e-9, $"peaks by rounds allowed: {string.Join(", ", peaks.Select(k => k.ToString("0.0", CultureInfo.InvariantCulture)))} kW"));
        Assert.True(peaks[^1] < peaks[0] - 50, $"repair rounds should still pay: {peaks[0]:0.0} -> {peaks[^1]:0.0} kW");
    }

    [Fact]
    public void An_event_is_checked_on_what_the_devices_will_do_and_what_they_leave_short_is_reported()
    {
        var (devices, baseline) = new MixedFleetBuilder(6).Build(200);
        var solver = new FailingAfterFirstSolve(new OrToolsSolver());

        var plan = Plan(devices, baseline, new EventDeliveryObjective(68, 84, 80), solver);

        // The first round's members do not follow their cohorts in the window, and no repair round can succeed.
        Assert.True(solver.Calls >= 2, "the fleet needs a repair round for this test to mean anything");
        var shortKw = Enumerable.Range(68, 16).Max(t => 80 - (plan.BaselineNetKw[t] - plan.PlannedNetKw[t]));
        Assert.True(shortKw > 1e-3, $"short by {shortKw:0.000} kW");
        var reported = Assert.Single(plan.UnmetLimits, u => u.Limit == "event reduction");
        Assert.Equal(shortKw, reported.ShortBy, 6);
        Assert.Contains("cohort", reported.Reason, StringComparison.Ordinal);
        AssertEveryDevicePlanFeasible(devices, plan);
    }

    [Fact]
    public void The_cohort_plan_is_within_one_percent_of_the_exact_device_level_plan()
    {
        var (devices, baseline) = new MixedFleetBuilder(8).Build(60);
        var planner = new FleetPlanner(new OrToolsSolver());

        var exact = planner.Plan(Day, baseline, DeviceCohort.Individually(devices, Day.IntervalHours), new PeakShavingObjective(), TimeSpan.FromSeconds(60));
        var aggregated = planner.Plan(Day, baseline, DeviceCohort.Group(devices, Day.IntervalHours), new PeakShavingObjective(), TimeSpan.FromSeconds(60));

        Assert.Equal("lp", exact.Method);
        Assert.True(aggregated.PlannedPeakKw <= exact.PlannedPeakKw * 1.01, $"aggregated {aggregated.PlannedPeakKw:0.0} kW, exact {exact.PlannedPeakKw:0.0} kW");
        Assert.True(aggregated.Cohorts < devices.Count * 2 / 3, $"{aggregated.Cohorts} cohorts for {devices.Count} devices");
    }

    [Fact]
    public void A_plan_whose_next_repair_round_would_not_fit_in_its_limit_stops_and_says_so()
    {
        // Each solve takes a second and a half here (on a fake clock), so after the first round another would end past the
        // four-second limit. No chargers: their on/off search would take its own share of the limit.
        var (fleet, baseline) = new MixedFleetBuilder(1).Build(300);
        var devices = fleet.Where(d => d.Type != DeviceType.EvCharger).ToList();
        var log = new FakeLogger<FleetPlanner>();
        var clock = new FakeTimeProvider();

        var plan = new FleetPlanner(new Slow(new OrToolsSolver(), clock, TimeSpan.FromSeconds(1.5)), log, clock)
            .Plan(Day, baseline, DeviceCohort.Group(devices, Day.IntervalHours), new PeakShavingObjective(), TimeSpan.FromSeconds(4));

        var warning = Assert.Single(log.Collector.GetSnapshot(), r => r.Level == LogLevel.Warning);
        Assert.StartsWith("The plan stopped after 1 rounds at its 4 s limit", warning.Message, StringComparison.Ordinal);
        Assert.Equal("lp", plan.Method);
        Assert.Equal(new PlanSearch(1, 1, true, 1.5), plan.Search);
        Assert.True(plan.PlannedPeakKw < plan.BaselinePeakKw * 0.9, $"peak {plan.BaselinePeakKw:0} -> {plan.PlannedPeakKw:0} kW");
        AssertEveryDevicePlanFeasible(devices, plan);
    }

    [Fact]
    public void Lone_chargers_are_planned_exactly_as_a_mixed_integer_program_that_never_offers_a_car_less_than_six_amps()
    {
        var (fleet, baseline) = new MixedFleetBuilder(5).Build(40);
        var chargers = fleet.Where(d => d.Type == DeviceType.EvCharger).ToList();
        var solver = new Recording(new OrToolsSolver());

        var plan = new FleetPlanner(solver).Plan(Day, baseline, DeviceCohort.Individually(chargers, Day.IntervalHours), new PeakShavingObjective(), TimeSpan.FromSeconds(30));
        var relaxed = new FleetPlanner(new OrToolsSolver()).Plan(Day, baseline,
            DeviceCohort.Individually(chargers.Select(c => c with { MinRunningPowerKw = 0 }), Day.IntervalHours), new PeakShavingObjective(), TimeSpan.FromSeconds(30));

        Assert.True(chargers.Count >= 5, $"{chargers.Count} chargers");
        Assert.True(solver.Programs[0].IsMixedInteger);
        Assert.All(solver.Programs.Skip(1), p => Assert.False(p.IsMixedInteger));
        Assert.Equal("lp", plan.Method);
        Assert.Equal(LpStatus.Optimal, plan.SolverStatus);
        AssertEveryDevicePlanFeasible(chargers, plan);
        // The relaxation trickles where a car would stop; respecting the minimum can only cost peak, and here little.
        Assert.Contains(chargers, c => PlanFeasibility.Violations(DeviceEnvelope.Of(c, Day.IntervalHours), relaxed.DevicePlans.Single(p => p.DeviceId == c.DeviceId)).Count > 0);
        Assert.InRange(plan.PlannedPeakKw, relaxed.PlannedPeakKw - 1e-6, relaxed.PlannedPeakKw * 1.01);
    }

    [Fact]
    public void A_search_stopped_with_a_solution_is_planned_from_and_the_plan_says_it_is_not_proven_optimal()
    {
        var (devices, baseline) = new MixedFleetBuilder(6).Build(60);

        var plan = Plan(devices, baseline, new PeakShavingObjective(), new StoppedWithSolution(new OrToolsSolver()));

        Assert.Equal("lp", plan.Method);
        Assert.Equal(LpStatus.Feasible, plan.SolverStatus);
        Assert.True(plan.PlannedPeakKw < plan.BaselinePeakKw * 0.9, $"peak {plan.BaselinePeakKw:0} -> {plan.PlannedPeakKw:0} kW");
        AssertEveryDevicePlanFeasible(devices, plan);
    }

    [Fact]
    public void When_the_mixed_integer_search_finds_nothing_its_relaxation_is_planned_and_the_chargers_rounded()
    {
        var (fleet, baseline) = new MixedFleetBuilder(5).Build(40);
        var chargers = fleet.Where(d => d.Type == DeviceType.EvCharger).ToList();

        var log = new FakeLogger<FleetPlanner>();

        var plan = new FleetPlanner(new NoMixedIntegerSolutions(new OrToolsSolver()), log).Plan(Day, baseline, DeviceCohort.Individually(chargers, Day.IntervalHours),
            new PeakShavingObjective(), TimeSpan.FromSeconds(30));

        Assert.Equal("lp", plan.Method);
        AssertEveryDevicePlanFeasible(chargers, plan);
        var note = Assert.Single(plan.UnmetLimits, u => u.Limit == "on/off decisions");
        Assert.Contains("Stopped", note.Reason, StringComparison.Ordinal);
        Assert.Contains(log.Collector.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Message.StartsWith("The mixed-integer search ended Stopped", StringComparison.Ordinal));
        Assert.True(plan.PlannedPeakKw <= plan.BaselinePeakKw, $"peak {plan.BaselinePeakKw:0.0} -> {plan.PlannedPeakKw:0.0} kW");
    }

    /// <summary>A mixed-integer search that runs out of time before finding anything; linear programs are solved.</summary>
    private sealed class NoMixedIntegerSolutions(ILpSolver inner) : ILpSolver
    {
        public LpSolution Solve(LinearProgram program, TimeSpan timeLimit) =>
            program.IsMixedInteger ? new(LpStatus.Stopped, double.NaN, [], timeLimit) : inner.Solve(program, timeLimit);
    }

    /// <summary>Reports every solution as a search stopped by its limit (what CBC returns when time runs out).</summary>
    private sealed class StoppedWithSolution(ILpSolver inner) : ILpSolver
    {
        public LpSolution Solve(LinearProgram program, TimeSpan timeLimit) => inner.Solve(program, timeLimit) with { Status = LpStatus.Feasible };
    }

    private sealed class Recording(ILpSolver inner) : ILpSolver
    {
        public List<LinearProgram> Programs { get; } = [];

        public LpSolution Solve(LinearProgram program, TimeSpan timeLimit)
        {
            Programs.Add(program);
            return inner.Solve(program, timeLimit);
        }
    }

    /// <summary>Solves as <paramref name="inner"/> does, then waits: a machine busy with other work.</summary>
    /// <summary>A solver that takes <paramref name="delay"/> longer on <paramref name="clock"/> than <paramref name="inner"/>.</summary>
    private sealed class Slow(ILpSolver inner, FakeTimeProvider clock, TimeSpan delay) : ILpSolver
    {
        public LpSolution Solve(LinearProgram program, TimeSpan timeLimit)
        {
            var solution = inner.Solve(program, timeLimit);
            clock.Advance(delay);
            return solution;
        }
    }

    private sealed class FailingSolver : ILpSolver
    {
        public LpSolution Solve(LinearProgram program, TimeSpan timeLimit) => new(LpStatus.Failed, double.NaN, [], TimeSpan.Zero);
    }

    /// <summary>Solves the first <paramref name="solves"/> programs; then reports the search stopped without a plan, as a repair round out of time does.</summary>
    private sealed class StoppingAfter(ILpSolver inner, int solves) : ILpSolver
    {
        private int calls;

        public LpSolution Solve(LinearProgram program, TimeSpan timeLimit) =>
            ++calls <= solves ? inner.Solve(program, timeLimit) : new(LpStatus.Stopped, double.NaN, [], timeLimit);
    }

    private sealed class FailingAfterFirstSolve(ILpSolver inner) : ILpSolver
    {
        public int Calls { get; private set; }

        public LpSolution Solve(LinearProgram program, TimeSpan timeLimit) =>
            ++Calls == 1 ? inner.Solve(program, timeLimit) : new(LpStatus.Stopped, double.NaN, [], timeLimit);
    }
}
