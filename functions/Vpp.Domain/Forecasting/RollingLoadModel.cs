using Vpp.Domain.Calendar;

namespace Vpp.Domain.Forecasting;

/// <summary>
/// The day-ahead load forecaster as it runs in the field: a small ensemble fitted on every interval before an origin,
/// then moved forward a day at a time. Members: the GEFCom regression (with temperature when there is any), the same
/// regression on calendar and recency terms alone, yesterday's load, and the medians of the last seven days and of the
/// last four same weekdays. Each member's out-of-sample errors are kept per local hour; at each hour the forecast
/// takes the member whose recent errors there were smallest (no single model wins everywhere: a storage heater's
/// on-and-off nights follow yesterday, a noisy base load its median, a heat pump the temperature). The backtest and
/// the live forecaster share this class, so what is scored is what runs.
/// </summary>
internal sealed class RollingLoadModel
{
    public const string Regression = "regression";
    public const string CalendarRegression = "calendar-regression";
    public const string Yesterday = "yesterday";
    public const string WeekMedian = "week-median";
    public const string WeekdayMedian = "weekday-median";

    // Chosen on the eemeter samples: coverage within 77-84 % on all eight, pinball loss within 2 % of fixed levels on seven.
    private const double IntervalLevelStepPerDay = 0.1;

    private readonly RegularSeries load;
    private readonly TimeZoneInfo zone;
    private readonly LoadRegression regression;
    private readonly LoadRegression? calendarRegression;
    private readonly List<Member> members = [];
    private readonly ResidualQuantiles issued = new();
    private readonly AdaptiveIntervalLevels levels;

    /// <summary>Fits on every interval of <paramref name="load"/> before <paramref name="origin"/>.</summary>
    public RollingLoadModel(RegularSeries load, RegularSeries? temperature, TimeZoneInfo zone, HolidayCalendar holidays, DateTimeOffset origin)
    {
        this.load = load;
        this.zone = zone;
        levels = new AdaptiveIntervalLevels(IntervalLevelStepPerDay, (int)Math.Round(TimeSpan.FromDays(1) / load.Resolution));
        var trainingEnd = LoadRegression.IndexAtOrAfter(load, origin);
        regression = new LoadRegression(load, temperature, zone, holidays, trainingEnd, origin);
        members.Add(new Member(Regression, regression.Fit));
        if (temperature is not null)
        {
            calendarRegression = new LoadRegression(load, null, zone, holidays, trainingEnd, origin);
            members.Add(new Member(CalendarRegression, calendarRegression.Fit));
        }

        members.Add(new Member(Yesterday, t => load.ValueAt(t.AddDays(-1))));
        members.Add(new Member(WeekMedian, t => MedianOfDaysBefore(t, 1, 7, 1)));
        members.Add(new Member(WeekdayMedian, t => MedianOfDaysBefore(t, 7, 28, 7)));
    }

    public int TrainingRows => regression.TrainingRows;

    public void Refit()
    {
        regression.Refit();
        calendarRegression?.Refit();
    }

    /// <summary>
    /// At the instant's local hour, the member whose recent errors there were smallest, corrected by its median error
    /// (load is right-skewed: the median, not the mean, minimises absolute error); the interval from the quantiles of
    /// the issued forecasts' own errors at levels that adapt to its misses (ADR 0011). NaN until enough errors.
    /// </summary>
    public ProbabilisticForecast Forecast(DateTimeOffset instant) => Forecast(instant, out _);

    /// <inheritdoc cref="Forecast(DateTimeOffset)"/>
    public ProbabilisticForecast Forecast(DateTimeOffset instant, out string member)
    {
        var hour = TimeZoneInfo.ConvertTime(instant, zone).Hour;
        return Around(instant, hour, Point(instant, hour, out member));
    }

    /// <summary>A day's actuals arrive: they score the day's issued forecast and every member, then join the fit.</summary>
    public void Absorb(int fromIndex, int toIndex)
    {
        // Every forecast of the day is issued before any of its errors is known.
        var points = new double[toIndex - fromIndex];
        var intervals = new ProbabilisticForecast[toIndex - fromIndex];
        for (var i = fromIndex; i < toIndex; i++)
        {
            var instant = load.TimeAt(i);
            var hour = TimeZoneInfo.ConvertTime(instant, zone).Hour;
            points[i - fromIndex] = Point(instant, hour, out _);
            intervals[i - fromIndex] = Around(instant, hour, points[i - fromIndex]);
        }

        for (var i = fromIndex; i < toIndex; i++)
        {
            var instant = load.TimeAt(i);
            var hour = TimeZoneInfo.ConvertTime(instant, zone).Hour;
            issued.Add(hour, load.Values[i] - points[i - fromIndex]);
            levels.Observe(load.Values[i], intervals[i - fromIndex].P10, intervals[i - fromIndex].P90);
            foreach (var member in members)
            {
                member.Errors.Add(hour, load.Values[i] - member.Point(instant));
            }

            regression.Learn(i);
            calendarRegression?.Learn(i);
        }
    }

    private ProbabilisticForecast Around(DateTimeOffset instant, int hour, double point)
    {
        var (low, median, high) = issued.Offsets(hour, levels.Low, levels.High);
        return new ProbabilisticForecast(instant, point + low, point + median, point + high);
    }

    private double Point(DateTimeOffset instant, int hour, out string chosen)
    {
        var best = double.NaN;
        var bestScore = double.PositiveInfinity;
        chosen = "";
        foreach (var member in members)
        {
            var point = member.Point(instant);
            var (median, score) = member.Errors.Centre(hour);
            if (double.IsFinite(point) && score < bestScore)
            {
                best = point + median;
                bestScore = score;
                chosen = member.Name;
            }
        }

        return best;
    }

    private double MedianOfDaysBefore(DateTimeOffset instant, int firstDay, int lastDay, int step)
    {
        Span<double> values = stackalloc double[lastDay];
        var n = 0;
        for (var d = firstDay; d <= lastDay; d += step)
        {
            var v = load.ValueAt(instant.AddDays(-d));
            if (double.IsFinite(v))
            {
                values[n++] = v;
            }
        }

        if (n == 0)
        {
            return double.NaN;
        }

        values = values[..n];
        values.Sort();
        return n % 2 == 1 ? values[n / 2] : (values[(n / 2) - 1] + values[n / 2]) / 2;
    }

    private sealed class Member(string name, Func<DateTimeOffset, double> point)
    {
        public string Name => name;

        public ResidualQuantiles Errors { get; } = new();

        public double Point(DateTimeOffset instant) => point(instant);
    }
}
