using Vpp.Application.Devices;
using Vpp.Application.Forecasting;
using Vpp.Application.Participation;
using Vpp.Application.Telemetry;
using Vpp.Application.Weather;
using Vpp.Domain.Calendar;
using Vpp.Domain.Fleet;
using Vpp.Domain.Optimization;

namespace Vpp.Application.Optimization;

/// <summary>
/// A program's fleet as the planner sees it over a horizon: every enrolled device, those online (judged at the time
/// ingestion has caught up to, <see cref="IngestionWatermark"/>, so a backlog is not taken for a dark fleet), and each online
/// device's planning model (<see cref="FleetDeviceModel"/>) with its learned habits and the outdoor temperatures (the
/// forecast's, else the weather feed's for the hours it lacks: a program too new for a load forecast still plans its
/// heat pumps); a device opted out for part of the horizon is held at its undispatched draw there
/// (<see cref="FlexibleDevice.HeldAtBaseline"/>); a car staying past the horizon must have charged by its end what
/// the plan's kind asks (<see cref="EvNeedPastHorizon"/>). <see cref="Hours"/> and <see cref="OutdoorC"/> are per interval of
/// the horizon (NaN where no temperature is known); <see cref="Habits"/> are what each device's history taught, for
/// what happens past the horizon. Daily schedules and dispatch events plan from the same view.
/// </summary>
public sealed record PlannableFleet(
    IReadOnlyList<FleetDevice> Fleet,
    IReadOnlyList<FleetDevice> Online,
    IReadOnlyList<FlexibleDevice> Devices,
    IReadOnlyDictionary<DateTimeOffset, ForecastInterval> Forecast,
    DateTimeOffset[] Hours,
    ILookup<string, Domain.Participation.OptOut> OptedOut,
    double[] OutdoorC,
    IReadOnlyDictionary<string, LearnedDeviceHabits> Habits)
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    public static async Task<PlannableFleet> LoadAsync(
        IDeviceRegistry registry, IIngestionProgressStore ingestion, IDeviceHabitsStore deviceHabits, IForecastStore forecasts, IWeatherStore weather, IOptOutStore optOuts,
        string programId, PlanningHorizon horizon, TimeZoneInfo zone, DateTimeOffset now, EvNeedPastHorizon evNeed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(horizon);
        var fleet = await registry.ListFleetAsync(programId, cancellationToken);
        var watermark = await ingestion.WatermarkAsync(now, cancellationToken);
        var online = fleet.Where(d => watermark.StatusOf(d) == DeviceStatus.Online).ToList();
        var habits = await deviceHabits.ListAsync(programId, cancellationToken);
        var forecast = (await forecasts.FindAsync(programId, UtcIntervals.Floor(horizon.StartUtc, Hour), horizon.EndUtc, cancellationToken)).ToDictionary(f => f.StartUtc);
        var hours = Enumerable.Range(0, horizon.Intervals).Select(t => UtcIntervals.Floor(horizon.StartOf(t), Hour)).ToArray();
        var fed = hours.Any(h => forecast.GetValueOrDefault(h)?.TemperatureC is null)
            ? (await weather.FindAsync(programId, hours[0], horizon.EndUtc, cancellationToken)).ToDictionary(w => w.HourStartUtc, w => w.TemperatureC)
            : [];
        var outdoorC = hours.Select(h => forecast.GetValueOrDefault(h)?.TemperatureC ?? fed.GetValueOrDefault(h, double.NaN)).ToArray();
        var optedOut = (await optOuts.ListOverlappingAsync(programId, horizon.StartUtc, horizon.EndUtc, cancellationToken)).ToLookup(o => o.DeviceId, StringComparer.Ordinal);
        var devices = online.Select(d => FleetDeviceModel.From(d, horizon, zone, habits.GetValueOrDefault(d.Registration.DeviceId)?.Habits, outdoorC, evNeed))
            .OfType<FlexibleDevice>()
            .Select(d => optedOut.Contains(d.DeviceId) ? d.HeldAtBaseline(horizon.IntervalsOverlapping(optedOut[d.DeviceId].Select(o => (o.FromUtc, o.UntilUtc)))) : d)
            .ToList();
        return new PlannableFleet(fleet, online, devices, forecast, hours, optedOut, outdoorC, habits);
    }
}
