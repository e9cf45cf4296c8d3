using System.Globalization;
using System.Text.Json.Nodes;
using Vpp.Application.Optimization;
using Vpp.Application.Scheduling;
using Vpp.DeviceSim;
using Vpp.DeviceSim.Physics;
using Vpp.Domain.Devices;
using Vpp.Domain.Fleet;
using Vpp.Domain.Forecasting;
using Vpp.Domain.Optimization;
using Vpp.Domain.Telemetry;
using Vpp.Infrastructure.Optimization;

namespace Vpp.Benchmarks;

/// <summary>
/// What a pushed plan does to the fleet that receives it. Two copies of the simulated demo fleet (same seed, same homes)
/// run a summer day to noon; the planner plans one copy's next 24 hours for peak shaving from its devices' latest
/// readings, with the other copy's load as a perfect baseline forecast; the plan travels as the program's schedule
/// (a fraction per device type, as the bulk job sends it) and both copies run on, one following it. Prints how closely
/// the devices' power tracks the plan (normalised mean absolute error per quarter hour, overall and per type) and the
/// program's peak: unscheduled, planned, delivered.
/// </summary>
public static class DispatchTrackingBenchmark
{
    private static readonly TimeSpan Quarter = TimeSpan.FromMinutes(15);
    private const int StepSeconds = SimulatedFleetRun.StepSeconds;
    private const int HistoryDays = 14;

    public static int Run(int devices, int seed)
    {
        var options = new SimulatorOptions { Devices = devices, Seed = seed };
        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
        var noon = new DateTimeOffset(2026, 7, 15, 12, 0, 0, zone.GetUtcOffset(new DateTime(2026, 7, 15, 12, 0, 0)));
        var horizon = new PlanningHorizon(noon.ToUniversalTime(), 96, Quarter);
        // Three copies of one fleet share two weeks of history, from which each charger's, water heater's and house's
        // habits are learned as the product learns them; then one runs unscheduled, one follows the broadcast plan and
        // one receives each device's own plan as a one-device signal, to tell what the broadcast costs.
        var (unscheduled, broadcast, individually) = (FleetFactory.Create(options), FleetFactory.Create(options), FleetFactory.Create(options));
        var from = noon.AddDays(-HistoryDays);
        _ = SimulatedFleetRun.Run(unscheduled, from, HistoryDays * 96);
        _ = SimulatedFleetRun.Run(individually, from, HistoryDays * 96);
        var history = SimulatedFleetRun.Run(broadcast, from, HistoryDays * 96, recordHistory: true);
        var baseline = SimulatedFleetRun.Run(unscheduled, noon, horizon.Intervals);

        var outdoorC = Enumerable.Range(0, horizon.Intervals).Select(t => unscheduled[0].Site.OutdoorTemperatureC(horizon.StartOf(t) + (Quarter / 2))).ToArray();
        var lastStep = noon.AddSeconds(-StepSeconds);
        var models = broadcast.Select((d, i) => FleetDeviceModel.From(AsFleetDevice(d, history.Latest[i], lastStep, options.ProgramId), horizon, zone, SimulatedFleetRun.Habits(d, history.Quarters![i], zone), outdoorC))
            .OfType<FlexibleDevice>().ToList();
        // The benchmark's baseline forecast is perfect: the unscheduled copy's own load.
        var plan = new FleetPlanner(new OrToolsSolver()).Plan(horizon, baseline.SiteNetKw, DeviceCohort.Group(models, horizon.IntervalHours), new PeakShavingObjective(), TimeSpan.FromSeconds(10));
        var planId = $"{options.ProgramId}-{ScheduleRuns.Intraday}-{horizon.StartUtc.UtcDateTime:yyyyMMdd'T'HHmm}";
        var signal = AsTwinDelivers(DispatchSignal.Build(planId, ScheduleRuns.Intraday, horizon, models, plan.DevicePlans));
        foreach (var device in broadcast)
        {
            _ = device.ApplyDesired(signal);
        }

        foreach (var (device, model) in individually.Join(models, d => d.DeviceId, m => m.DeviceId, (d, m) => (d, m)))
        {
            _ = device.ApplyDesired(AsTwinDelivers(DispatchSignal.Build(planId, ScheduleRuns.Intraday, horizon, [model], plan.DevicePlans)));
        }

        var delivered = SimulatedFleetRun.Run(broadcast, noon, horizon.Intervals);
        var deliveredIndividually = SimulatedFleetRun.Run(individually, noon, horizon.Intervals);

        var types = broadcast.ToDictionary(d => d.DeviceId, d => d.Type);
        var plannedByType = PlannedKwByType(plan.DevicePlans, types, horizon.Intervals);
        var (baselinePeak, deliveredPeak) = (baseline.SiteNetKw.Max(), delivered.SiteNetKw.Max());
        // What ForecastRefresh learns of these steered hours: the meters' load with the devices' measured draw replaced
        // by what the plan expected them to draw undispatched; the unscheduled copy's load is the truth it aims at.
        var undispatchedKw = Enumerable.Range(0, horizon.Intervals)
            .Select(t => delivered.SiteNetKw[t] - delivered.DeviceKwByType.Values.Sum(kw => kw[t]) + models.Sum(m => m.BaselinePowerKw[t])).ToArray();
        Console.WriteLine(FormattableString.Invariant(
            $"RESULT devices={devices} planned_devices={models.Count} intervals={horizon.Intervals} baseline_peak_kw={baselinePeak:0.0} planned_peak_kw={plan.PlannedPeakKw:0.0} delivered_peak_kw={deliveredPeak:0.0} delivered_share={(baselinePeak - deliveredPeak) / (baselinePeak - plan.PlannedPeakKw):0.000} tracking_nmae={TrackingError(plannedByType, delivered):0.000} delivered_peak_per_device_kw={deliveredIndividually.SiteNetKw.Max():0.0} tracking_nmae_per_device={TrackingError(plannedByType, deliveredIndividually):0.000} undispatched_peak_kw={undispatchedKw.Max():0.0} undispatched_nmae={RelativeError(undispatchedKw, baseline.SiteNetKw):0.000} metered_nmae={RelativeError(delivered.SiteNetKw, baseline.SiteNetKw):0.000} infeasible_devices={plan.InfeasibleDevices} method={plan.Method}"));

        // Hourly means from noon, for reading where plan and fleet part.
        static string Hourly(IReadOnlyList<double> kw) => string.Join(' ', Enumerable.Range(0, kw.Count / 4).Select(h => kw.Skip(4 * h).Take(4).Average().ToString("0", CultureInfo.InvariantCulture)).Select(v => v.PadLeft(6)));
        Console.WriteLine($"hourly kW from noon     {string.Join(string.Empty, Enumerable.Range(0, 24).Select(h => ((12 + h) % 24).ToString("00", CultureInfo.InvariantCulture).PadLeft(6)))}");
        Console.WriteLine($"program      unscheduled{Hourly(baseline.SiteNetKw)}");
        Console.WriteLine($"             planned    {Hourly(plan.PlannedNetKw)}");
        Console.WriteLine($"             broadcast  {Hourly(delivered.SiteNetKw)}");
        Console.WriteLine($"             per device {Hourly(deliveredIndividually.SiteNetKw)}");
        foreach (var (type, planned) in plannedByType.OrderBy(p => p.Key))
        {
            Console.WriteLine($"{type.ToWire(),-13}unscheduled{Hourly(baseline.DeviceKwByType[type])}");
            Console.WriteLine($"             planned    {Hourly(planned)}");
            Console.WriteLine($"             broadcast  {Hourly(delivered.DeviceKwByType[type])}");
            Console.WriteLine($"             per device {Hourly(deliveredIndividually.DeviceKwByType[type])}");
        }

        return plan.InfeasibleDevices == 0 ? 0 : 1;
    }

    /// <summary>Σ|delivered − planned| over Σ|planned|, per device type and quarter hour.</summary>
    private static double TrackingError(Dictionary<DeviceType, double[]> plannedByType, SimulatedFleetRun.FleetRun run) =>
        RelativeError([.. plannedByType.SelectMany(p => run.DeviceKwByType[p.Key])], [.. plannedByType.SelectMany(p => p.Value)]);

    /// <summary>Σ|estimate − truth| over Σ|truth|.</summary>
    private static double RelativeError(IReadOnlyList<double> estimate, IReadOnlyList<double> truth) =>
        estimate.Zip(truth).Sum(p => Math.Abs(p.First - p.Second)) / Math.Max(1e-9, truth.Sum(Math.Abs));

    private static JsonObject AsTwinDelivers(JsonObject patch) => JsonNode.Parse(patch.ToJsonString())!.AsObject();

    private static Dictionary<DeviceType, double[]> PlannedKwByType(IReadOnlyList<DevicePlan> plans, Dictionary<string, DeviceType> types, int intervals)
    {
        var byType = new Dictionary<DeviceType, double[]>();
        foreach (var plan in plans)
        {
            var sum = SimulatedFleetRun.SeriesFor(byType, types[plan.DeviceId], intervals);
            for (var t = 0; t < intervals; t++)
            {
                sum[t] += plan.PowerKw[t];
            }
        }

        return byType;
    }

    private static FleetDevice AsFleetDevice(SimulatedDevice device, Reading reading, DateTimeOffset at, string programId) => new(
        new DeviceRegistration(device.DeviceId, programId, device.Type, device.Ratings),
        new LatestReading(0, at, StepSeconds, reading.PowerKw, reading.SolarKw, reading.SiteNetKw, reading.StateOfChargePct,
            reading.Plugged, reading.SessionEnergyKwh, reading.TankTemperatureC, reading.IndoorTemperatureC, reading.SetpointC));
}
