using Vpp.Application.Devices;
using Vpp.Application.Forecasting;
using Vpp.Application.Optimization;
using Vpp.Application.Participation;
using Vpp.Application.Programs;
using Vpp.Application.Telemetry;
using Vpp.Application.Weather;
using Vpp.Domain.Calendar;
using Vpp.Domain.Devices;
using Vpp.Domain.Dispatch;
using Vpp.Domain.Forecasting;
using Vpp.Domain.Optimization;

namespace Vpp.Application.Dispatch;

/// <summary>
/// Chooses an event's devices and plans each one's part. Taking part: enrolled, online, of the event's types and
/// feeders, not opted out for any of the window, with a planning model (a reading to start from). A reduction is planned
/// with the fleet planner's event-delivery objective for the target and a reserve margin (<see cref="ReserveMargin"/>;
/// "as much as available" asks for everything), over a grid from up to <see cref="PreconditionLead"/> before the start
/// and no sooner than its commands can reach the devices (<see cref="CommandLead"/>), so the plan pre-cools houses,
/// heats tanks and tops batteries up where that helps, within every device's comfort and reserve limits. An increase is
/// planned as each device's headroom. A device the plan leaves (nearly) alone stands in reserve. Each device's release after the end, a reserve's too, is fitted (<see cref="ReleaseSchedule"/>) so what it takes back
/// (<see cref="FlexibleDevice.CatchUpKwh"/>), with what the devices draw after the end on their own (their learned draw
/// at that time of evening), stays under their undispatched peak in the event and release windows, less
/// <see cref="ReboundMargin"/>. Where a device's model cannot move it (a car not expected home yet) the plan leaves it
/// alone: no shed counted, no instruction sent (ADR 0024). A car staying plugged in past the end need not have charged
/// any of its need by then that it can still take afterwards (<see cref="EvNeedPastHorizon.Unavoidable"/>): a share
/// due by the end would have the cars charge in the event's last minutes. A replan keeps what is known of each device (opted out, overridden) and is the plan's next version; a device
/// that went quiet keeps its part and the others are asked only for what it does not shed. Once the shed command is
/// under way, or once a part was changed after the replan read it (an early release, a correction), a plan is no longer
/// replaced.
/// </summary>
public sealed class DispatchPlanning(
    IProgramStore programs,
    IDispatchEventStore events,
    IDeviceRegistry registry,
    IIngestionProgressStore ingestion,
    IDeviceHabitsStore deviceHabits,
    IForecastStore forecasts,
    IWeatherStore weather,
    IOptOutStore optOuts,
    IDispatchPlanStore plans,
    IDeviceCommandLedger ledger,
    FleetPlanner planner,
    TimeProvider clock)
{
    public static readonly TimeSpan PreconditionLead = TimeSpan.FromHours(1);

    /// <summary>
    /// How long after a plan is made its devices can follow it: its customers are told first, then the commands go out
    /// through the hub's throttle (in <c>dispatch-event</c> run 16, 3.6 minutes from the plan to the pre-conditioning
    /// command). A plan counting on those minutes counts on energy the batteries never stored (ADR 0042).
    /// </summary>
    public static readonly TimeSpan CommandLead = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan Grid = TimeSpan.FromMinutes(5);

    /// <summary>How far above its target an event is planned, so opt-outs and model error leave it delivered.</summary>
    public const double ReserveMargin = 0.15;

    /// <summary>The most a thermostat's setpoint moves for an event (customers allow up to this, within their comfort band).</summary>
    public const double ThermostatOffsetC = 2;

    /// <summary>How far under the participants' undispatched peak their catch-up after the event is held, for what the models miss.</summary>
    public const double ReboundMargin = 0.1;

    /// <summary>How far past the release window a device's draw after the event is followed, for catch-ups that outlast it.</summary>
    public static readonly TimeSpan CatchUpHorizon = TimeSpan.FromHours(6);

    private static readonly TimeSpan SolveTimeLimit = TimeSpan.FromSeconds(30);

    public async Task<DispatchPlan> PlanAsync(string programId, string eventId, TimeSpan releaseWindow, CancellationToken cancellationToken)
    {
        var program = await programs.FindAsync(programId, cancellationToken) ?? throw new InvalidOperationException($"Program '{programId}' does not exist.");
        var dispatchEvent = await events.FindAsync(programId, eventId, cancellationToken) ?? throw new InvalidOperationException($"Event '{eventId}' does not exist.");
        var now = clock.GetUtcNow();
        var previous = await plans.FindAsync(eventId, cancellationToken);
        var known = previous is null ? new Dictionary<string, DispatchAssignment>() : (await plans.ListAsync(eventId, cancellationToken)).ToDictionary(a => a.DeviceId, StringComparer.Ordinal);
        // A plan activity run late or again once the devices are being told to shed (the orchestration replans only
        // before the start) keeps the plan they were told: replacing it would drop the event's releases and corrections.
        async Task<bool> ShedUnderWayAsync() => previous is not null && (await ledger.FindAsync(eventId, DispatchStep.Shed, known.Keys, cancellationToken)).Count > 0;
        if (await ShedUnderWayAsync())
        {
            return previous!;
        }

        var eventStart = UtcIntervals.Floor(dispatchEvent.StartUtc, Grid);
        var start = Min(UtcIntervals.Ceiling(Max(now + CommandLead, dispatchEvent.StartUtc - PreconditionLead), Grid), eventStart);
        var horizon = new PlanningHorizon(start, (int)Math.Ceiling((dispatchEvent.EndUtc - start) / Grid), Grid);
        var zone = program.FindTimeZone();
        var fleet = await PlannableFleet.LoadAsync(registry, ingestion, deviceHabits, forecasts, weather, optOuts, programId, horizon, zone, now, EvNeedPastHorizon.Unavoidable, cancellationToken);
        var registrations = fleet.Fleet.ToDictionary(d => d.Registration.DeviceId, StringComparer.Ordinal);
        bool OptedOutOfWindow(string deviceId) => fleet.OptedOut[deviceId].Any(o => o.FromUtc < dispatchEvent.EndUtc && o.UntilUtc > dispatchEvent.StartUtc && o.WithdrawnUtc is null);
        var eligible = fleet.Devices
            .Where(d => Takes(dispatchEvent, registrations[d.DeviceId].Registration) && !OptedOutOfWindow(d.DeviceId) && known.GetValueOrDefault(d.DeviceId)?.InControl != false)
            .ToList();

        var first = horizon.IndexOf(dispatchEvent.StartUtc);
        var alone = eligible.ToDictionary(d => d.DeviceId, LeftAlone, StringComparer.Ordinal);
        var models = eligible.Select(d => PlannedAs(d, alone[d.DeviceId])).ToList();
        // Devices that only went quiet keep their part (below) and are counted on for it: the others are asked for the rest.
        var planned = eligible.Select(d => d.DeviceId).ToHashSet(StringComparer.Ordinal);
        var kept = known.Values.Where(a => !planned.Contains(a.DeviceId) && a.Role == DispatchRole.Participant && a.InControl && !OptedOutOfWindow(a.DeviceId)).ToList();
        var keptShedKw = Enumerable.Range(0, horizon.Intervals).Select(t => kept.Sum(a => a.ShedKwAt(horizon.StartOf(t)))).ToArray();
        var (powers, method, solve) = dispatchEvent.Kind == DispatchEventKind.Increase
            ? (models.ToDictionary(d => d.DeviceId, d => Headroom(d, first)), "headroom", null)
            : Reduce(horizon, models, first, dispatchEvent.TargetKw, keptShedKw);
        var floors = models.ToDictionary(d => d.DeviceId, d => d.FloorFrom(powers[d.DeviceId], first, horizon.IntervalHours), StringComparer.Ordinal);
        // Where the plan leaves a device alone it is expected to draw its baseline, and the command says nothing there.
        double[] AsCommanded(FlexibleDevice d, double[] kw) => [.. kw.Select((p, t) => Math.Round(alone[d.DeviceId][t] ? d.BaselinePowerKw[t] : p, 3))];

        double? outdoorAtStart = double.IsFinite(fleet.OutdoorC[first]) ? fleet.OutdoorC[first] : null;
        var parts = eligible.Select(d =>
        {
            var device = registrations[d.DeviceId];
            var part = new DispatchAssignment(d.DeviceId, device.Registration.CustomerId, d.Type, DispatchRole.Participant, horizon.StartUtc, (int)Grid.TotalMinutes,
                AsCommanded(d, powers[d.DeviceId]), [.. d.BaselinePowerKw.Select(p => Math.Round(p, 3))], AsCommanded(d, floors[d.DeviceId]),
                d.Type == DeviceType.Thermostat ? EventSetpoint(device, outdoorAtStart) : null);
            var shed = Math.Abs(part.MeanShedKw(dispatchEvent.StartUtc, dispatchEvent.EndUtc));
            return shed > DispatchAssignment.CommandToleranceKw ? part : part with { Role = DispatchRole.Reserve };
        }).ToList();
        var assignments = WithReleases(dispatchEvent, horizon, first, models, parts, powers, floors, releaseWindow, AfterTheEnd(dispatchEvent, parts, fleet.Habits, zone, releaseWindow));

        // Devices a replan leaves out keep their part: one opted out is marked so, with when; one that only went quiet
        // (no recent reading) keeps its part as it was, since it may still follow what it was told.
        var left = known.Values.Where(a => !planned.Contains(a.DeviceId))
            .Select(a => a.InControl && OptedOutOfWindow(a.DeviceId) ? a with { OptedOutUtc = now } : a)
            .ToList();
        var all = assignments.Concat(left).OrderBy(a => a.DeviceId, StringComparer.Ordinal).ToList();
        // Customers of every device in control, reserves too: they may be called.
        var customers = assignments.Where(a => a.CustomerId is not null).GroupBy(a => a.CustomerId!, StringComparer.Ordinal)
            .Select(g => new DispatchCustomer(g.Key, [.. g.Select(a => a.DeviceId)])).ToList();
        var plan = new DispatchPlan(eventId, (previous?.Version ?? 0) + 1, now, horizon.StartUtc, (int)Grid.TotalMinutes, dispatchEvent.TargetKw,
            Math.Round(assignments.Concat(kept).Where(a => a.Role == DispatchRole.Participant).Sum(a => a.MeanShedKw(dispatchEvent.StartUtc, dispatchEvent.EndUtc)) * Direction(dispatchEvent.Kind), 3),
            assignments.Count(a => a.Role == DispatchRole.Participant), assignments.Count(a => a.Role == DispatchRole.Reserve),
            assignments.Count(a => a.Role == DispatchRole.Participant && a.PreconditionsBefore(dispatchEvent.StartUtc)),
            customers.Count, all.Count, fleet.Fleet.Count - fleet.Online.Count, fleet.OptedOut.Count, method,
            DispatchBatches.Starts(all.Select(a => a.DeviceId), DispatchCommander.BatchSize), DispatchBatches.Starts(customers.Select(c => c.CustomerId), CustomerNotifier.BatchSize),
            solve?.SolverStatus.ToString(), solve?.Search);
        // Asked again after the solve, which may take its time limit; a save still refused when a part was changed after
        // it was read here keeps the stored plan, and the change with it.
        if (await ShedUnderWayAsync() || !await plans.SaveAsync(plan, all, customers, cancellationToken))
        {
            return await plans.FindAsync(eventId, cancellationToken) ?? throw new InvalidOperationException($"Event '{eventId}': its plan was changed while a new one was made, and then removed.");
        }

        return plan;
    }

    /// <summary>+1 when the event asks for less load (a reduction, a frequency response), −1 when it asks for more.</summary>
    public static int Direction(DispatchEventKind kind) => kind == DispatchEventKind.Increase ? -1 : 1;

    /// <summary>Whether a device is of the event's types and, when it names feeders, on one of them.</summary>
    public static bool Takes(DispatchEvent dispatchEvent, DeviceRegistration device)
    {
        ArgumentNullException.ThrowIfNull(dispatchEvent);
        ArgumentNullException.ThrowIfNull(device);
        return dispatchEvent.DeviceTypes.Contains(device.Type)
               && (dispatchEvent.Feeders.Count == 0 || (device.Feeder is { } feeder && dispatchEvent.Feeders.Contains(feeder, StringComparer.Ordinal)));
    }

    /// <param name="keptShedKw">Per interval, what devices keeping an earlier part shed.</param>
    private (Dictionary<string, double[]> Powers, string Method, FleetPlan? Solve) Reduce(PlanningHorizon horizon, List<FlexibleDevice> devices, int first, double? targetKw, double[] keptShedKw)
    {
        if (devices.Count == 0)
        {
            return ([], "none eligible", null);
        }

        // "As much as available" asks for every kW the devices could shed; the planner reports what it could not. A
        // target is owed less what devices keeping an earlier part shed in each interval.
        var available = Enumerable.Range(first, horizon.Intervals - first).Min(t => devices.Sum(d => d.BaselinePowerKw[t] - d.MinPowerKw[t]));
        var requested = targetKw is { } kw ? kw * (1 + ReserveMargin) : Math.Max(available, 0);
        var baseline = Enumerable.Range(0, horizon.Intervals).Select(t => devices.Sum(d => d.BaselinePowerKw[t])).ToArray();
        var plan = planner.Plan(horizon, baseline, DeviceCohort.Group(devices, horizon.IntervalHours), new EventDeliveryObjective(first, horizon.Intervals, requested) { ShedElsewhereKw = targetKw is null ? null : keptShedKw }, SolveTimeLimit);
        var byId = plan.DevicePlans.ToDictionary(p => p.DeviceId, p => p.PowerKw, StringComparer.Ordinal);
        return (devices.ToDictionary(d => d.DeviceId, d => byId.GetValueOrDefault(d.DeviceId) ?? d.BaselinePowerKw), plan.Method, plan);
    }

    /// <summary>
    /// The parts with their releases fitted under their undispatched peak in the window and the release window after it.
    /// A reserve is fitted as if called at the start, to the floor a correction would take it to, so one called later is
    /// not released all at once. A battery back on its own settings refills from the sun, not the grid: it has nothing to
    /// catch up. A car catches up all the charging it was held from.
    /// </summary>
    /// <param name="afterKw">Each part's undispatched draw in each release slot after the end.</param>
    private static List<DispatchAssignment> WithReleases(DispatchEvent dispatchEvent, PlanningHorizon horizon, int first, List<FlexibleDevice> devices,
        List<DispatchAssignment> parts, Dictionary<string, double[]> powers, Dictionary<string, double[]> floors, TimeSpan releaseWindow, Dictionary<string, double[]> afterKw)
    {
        var models = devices.ToDictionary(d => d.DeviceId, StringComparer.Ordinal);
        if (!parts.Any(a => a.Role == DispatchRole.Participant))
        {
            return parts;
        }

        var releaseSlots = (int)Math.Ceiling(releaseWindow / ReleaseSchedule.Slot);
        var undispatchedPeakKw = Math.Max(
            Enumerable.Range(first, horizon.Intervals - first).Max(t => parts.Sum(a => a.BaselineKw[t])),
            Enumerable.Range(0, releaseSlots).Select(s => parts.Sum(a => afterKw[a.DeviceId][s])).DefaultIfEmpty(double.NegativeInfinity).Max());
        var capKw = (1 - ReboundMargin) * undispatchedPeakKw;
        var candidates = parts.Select(a =>
        {
            var model = models[a.DeviceId];
            var powerKw = a.Role == DispatchRole.Participant ? powers[a.DeviceId] : floors[a.DeviceId];
            var (catchUpKwh, catchUpKw) = a.Type switch
            {
                DeviceType.Battery => (0, 0),
                // A car's model knows one expected session, which may look charged while the car still wants what its
                // learned draw says (other evenings it came home needing more): it owes back all it was held from, at
                // its charger's power.
                DeviceType.EvCharger => (Math.Max(model.CatchUpKwh(powerKw, horizon.Intervals, horizon.IntervalHours),
                    ReleaseCandidate.DeferredKwh(a.BaselineKw, a.Role == DispatchRole.Participant ? a.PowerKw : a.FloorKw, horizon.IntervalHours)), model.MaxPowerKw.Max()),
                _ => (model.CatchUpKwh(powerKw, horizon.Intervals, horizon.IntervalHours), model.MaxPowerKw[^1]),
            };
            // Held past the plan a device defers what it can: it draws what its limits need (a tank at its floor), never exports.
            return new ReleaseCandidate(a.DeviceId, a.Type, Math.Max(0, powerKw[^1]), afterKw[a.DeviceId], catchUpKwh, catchUpKw);
        }).ToList();
        var releases = ReleaseSchedule.Fit(dispatchEvent.EventId, dispatchEvent.EndUtc, candidates, capKw, releaseWindow);
        return [.. parts.Select(a => a with { ReleaseAfter = releases[a.DeviceId] })];
    }

    /// <summary>
    /// What each part would draw undispatched in each release slot after the end, for the release window and
    /// <see cref="CatchUpHorizon"/> beyond: its learned draw at that time of day (<see cref="PowerProfile"/>), else what it
    /// would draw at the end. A battery the event drew down may have nothing left to cover its home with: its release is
    /// not counted on to lower the load.
    /// </summary>
    private static Dictionary<string, double[]> AfterTheEnd(DispatchEvent dispatchEvent, List<DispatchAssignment> parts,
        IReadOnlyDictionary<string, LearnedDeviceHabits> habits, TimeZoneInfo zone, TimeSpan releaseWindow)
    {
        var slots = (int)Math.Ceiling((releaseWindow + CatchUpHorizon) / ReleaseSchedule.Slot);
        return parts.ToDictionary(a => a.DeviceId, a =>
        {
            var profile = habits.GetValueOrDefault(a.DeviceId)?.Habits.Power;
            return Enumerable.Range(0, slots).Select(s =>
            {
                var kw = profile?.KwAt(dispatchEvent.EndUtc + (ReleaseSchedule.Slot * s), zone) ?? a.BaselineKw[^1];
                return a.Type == DeviceType.Battery ? Math.Max(0, kw) : kw;
            }).ToArray();
        }, StringComparer.Ordinal);
    }

    /// <summary>
    /// The intervals in which the device's model fixes its power while its baseline says otherwise: a car the model does
    /// not expect plugged in yet, where the learned baseline averages the evenings it came home earlier. The plan has no
    /// say there; counting that baseline as shed would plan a reduction nobody chose and hold a car that came home early.
    /// </summary>
    private static bool[] LeftAlone(FlexibleDevice device) =>
        [.. Enumerable.Range(0, device.Intervals).Select(t => device.MinPowerKw[t] == device.MaxPowerKw[t] && Math.Abs(device.BaselinePowerKw[t] - device.MinPowerKw[t]) > DispatchAssignment.CommandToleranceKw)];

    /// <summary>The device as the planner sees it: where it is left alone, its baseline is what its model fixes, so nothing there counts as shed.</summary>
    private static FlexibleDevice PlannedAs(FlexibleDevice device, bool[] alone) =>
        alone.Any(a => a) ? device with { BaselinePowerKw = [.. device.BaselinePowerKw.Select((b, t) => alone[t] ? device.MinPowerKw[t] : b)] } : device;

    private static double[] Headroom(FlexibleDevice device, int first) =>
        [.. device.BaselinePowerKw.Select((baseline, t) => t >= first ? Math.Max(baseline, device.MaxPowerKw[t]) : baseline)];

    /// <summary>
    /// The setpoint a thermostat holds while it sheds: its own moved by <see cref="ThermostatOffsetC"/> away from what
    /// costs power (up when cooling, down when heating), within its comfort band. Unknown without a setpoint reading
    /// or an outdoor temperature saying which mode the house is in.
    /// </summary>
    private static double? EventSetpoint(Domain.Fleet.FleetDevice device, double? outdoorC)
    {
        if (device.Latest?.SetpointC is not { } setpoint || outdoorC is not { } outdoor)
        {
            return null;
        }

        var ratings = device.Registration.Ratings;
        return outdoor > setpoint
            ? Math.Min(setpoint + ThermostatOffsetC, ratings.ComfortMaxC ?? setpoint + ThermostatOffsetC)
            : Math.Max(setpoint - ThermostatOffsetC, ratings.ComfortMinC ?? setpoint - ThermostatOffsetC);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
