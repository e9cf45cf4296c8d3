namespace Vpp.Domain.Forecasting;

/// <summary>
/// What a charger's history says about its car: how likely a car is plugged in at each local hour, when it typically
/// arrives and leaves, and how much energy a session takes (the median). Sessions are runs of plugged-in intervals;
/// where the charger does not report its plug state, of intervals drawing at least <see cref="ChargingThresholdKw"/>,
/// and then the departure learned is when charging ended, an earliest bound (<see cref="DepartureObserved"/> false).
/// </summary>
public sealed record EvChargingHabits(
    int DaysObserved,
    int SessionsObserved,
    IReadOnlyList<double> PluggedProbabilityByLocalHour,
    double MedianSessionKwh,
    TimeOnly TypicalArrival,
    TimeOnly TypicalDeparture,
    bool DepartureObserved)
{
    public const double ChargingThresholdKw = 0.5;
    public const double MinimumSessionKwh = 0.5;

    /// <summary>Null when the history holds fewer than <paramref name="minimumSessions"/> sessions: too little to learn from.</summary>
    public static EvChargingHabits? Learn(IReadOnlyList<ChargerInterval> history, TimeZoneInfo zone, int minimumSessions = 3)
    {
        var ordered = history.Where(i => double.IsFinite(i.ImportedKwh) && i.Length > TimeSpan.Zero).OrderBy(i => i.Start).ToList();
        var sessions = new List<Session>();
        var hours = new Dictionary<(DateOnly Day, int Hour), bool>();
        Session? open = null;
        DateTimeOffset? previousEnd = null;
        var previousPlugged = true;
        foreach (var interval in ordered)
        {
            var plugged = interval.PluggedFraction is { } fraction ? fraction >= 0.5 : interval.ImportedKwh / interval.Length.TotalHours >= ChargingThresholdKw;
            var local = TimeZoneInfo.ConvertTime(interval.Start, zone);
            var cell = (DateOnly.FromDateTime(local.DateTime), local.Hour);
            hours[cell] = hours.GetValueOrDefault(cell) || plugged;
            var contiguous = previousEnd == interval.Start;

            // A session is closed by an unplugged interval (its departure seen) or by a gap (nobody knows what happened in it).
            if (open is not null && (!plugged || !contiguous))
            {
                sessions.Add(open with { DepartureSeen = contiguous });
                open = null;
            }

            if (plugged)
            {
                open = open is null
                    ? new Session(interval.Start, interval.Start + interval.Length, interval.ImportedKwh, ArrivalSeen: contiguous && !previousPlugged, DepartureSeen: false)
                    : open with { Departure = interval.Start + interval.Length, EnergyKwh = open.EnergyKwh + interval.ImportedKwh };
            }

            previousEnd = interval.Start + interval.Length;
            previousPlugged = plugged;
        }

        if (open is not null)
        {
            sessions.Add(open);
        }

        // Sessions cut by the history's ends or gaps count for the hours, not for arrival, departure or energy.
        var complete = sessions.Where(s => s.ArrivalSeen && s.DepartureSeen && s.EnergyKwh >= MinimumSessionKwh).ToList();
        if (complete.Count < minimumSessions)
        {
            return null;
        }

        var probability = Enumerable.Range(0, 24).Select(h =>
        {
            var observed = hours.Where(c => c.Key.Hour == h).ToList();
            return observed.Count == 0 ? 0 : Math.Round(observed.Count(c => c.Value) / (double)observed.Count, 4);
        }).ToArray();
        var energies = complete.Select(s => s.EnergyKwh).Order().ToList();
        return new EvChargingHabits(
            hours.Keys.Select(c => c.Day).Distinct().Count(),
            complete.Count,
            probability,
            Math.Round(Quantiles.Of(energies, 0.5), 3),
            TypicalTimeOfDay(complete.Select(s => s.Arrival), zone),
            TypicalTimeOfDay(complete.Select(s => s.Departure), zone),
            ordered.Any(i => i.PluggedFraction is not null));
    }

    /// <summary>The circular mean of local times of day (23:30 and 00:30 average to midnight, not noon), to the quarter hour.</summary>
    private static TimeOnly TypicalTimeOfDay(IEnumerable<DateTimeOffset> instants, TimeZoneInfo zone)
    {
        double x = 0, y = 0;
        foreach (var instant in instants)
        {
            var angle = TimeZoneInfo.ConvertTime(instant, zone).TimeOfDay.TotalHours / 24 * 2 * Math.PI;
            x += Math.Cos(angle);
            y += Math.Sin(angle);
        }

        var hours = (Math.Atan2(y, x) / (2 * Math.PI) * 24 + 24) % 24;
        var quarters = (int)Math.Round(hours * 4) % 96;
        return new TimeOnly(quarters / 4, quarters % 4 * 15);
    }

    private sealed record Session(DateTimeOffset Arrival, DateTimeOffset Departure, double EnergyKwh, bool ArrivalSeen, bool DepartureSeen);
}
