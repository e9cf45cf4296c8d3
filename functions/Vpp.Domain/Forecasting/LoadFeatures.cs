using Vpp.Domain.Calendar;

namespace Vpp.Domain.Forecasting;

/// <summary>
/// The regressors of the GEFCom 2012 "vanilla" benchmark (Hong et al.) in local time: trend, month, weekday × hour
/// (the program's holidays count as Sundays), and, with temperature, T, T², T³ interacted with month and with hour; plus recency
/// terms: the previous 24 hours' mean temperature (and its square), the load at the same hour the day before and its
/// mean over the previous seven days, all known at a day-ahead origin. Temperatures are clamped to the range seen in training: a cubic must not
/// extrapolate into a record cold snap.
/// </summary>
public sealed class LoadFeatures(TimeZoneInfo zone, HolidayCalendar holidays, DateTimeOffset epoch, bool withTemperature, double temperatureMean, double temperatureScale, double temperatureMin, double temperatureMax)
{
    private const int Calendar = 1 + 1 + 11 + 167;
    private const int Weather = (12 * 3) + (24 * 3) + 2;
    private const int Recency = 2;

    public int Count => Calendar + (withTemperature ? Weather : 0) + Recency;

    public bool WithTemperature => withTemperature;

    /// <summary>Fills <paramref name="row"/>; false when an input it needs is missing.</summary>
    public bool TryFill(Span<double> row, DateTimeOffset instant, Func<DateTimeOffset, double> temperature, Func<DateTimeOffset, double> load, double fallbackLoad)
    {
        row.Clear();
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        var hour = local.Hour;
        var weekday = holidays.IsHoliday(DateOnly.FromDateTime(local.DateTime)) ? 0 : (int)local.DayOfWeek;
        var k = 0;
        row[k++] = 1;
        row[k++] = (instant - epoch).TotalDays / 365.25;
        if (local.Month > 1)
        {
            row[k + local.Month - 2] = 1;
        }

        k += 11;
        var cell = (weekday * 24) + hour;
        if (cell > 0)
        {
            row[k + cell - 1] = 1;
        }

        k += 167;
        if (withTemperature)
        {
            var t = Standardize(temperature(instant));
            if (!double.IsFinite(t))
            {
                return false;
            }

            var month = local.Month - 1;
            row[k + (month * 3)] = t;
            row[k + (month * 3) + 1] = t * t;
            row[k + (month * 3) + 2] = t * t * t;
            k += 36;
            row[k + (hour * 3)] = t;
            row[k + (hour * 3) + 1] = t * t;
            row[k + (hour * 3) + 2] = t * t * t;
            k += 72;
            var sum = 0.0;
            var n = 0;
            for (var h = 1; h <= 24; h++)
            {
                var past = temperature(instant.AddHours(-h));
                if (double.IsFinite(past))
                {
                    sum += past;
                    n++;
                }
            }

            var recent = n > 0 ? Standardize(sum / n) : t;
            row[k++] = recent;
            row[k++] = recent * recent;
        }

        row[k++] = Finite(load(instant.AddDays(-1)), fallbackLoad);
        var week = 0.0;
        var seen = 0;
        for (var d = 1; d <= 7; d++)
        {
            var past = load(instant.AddDays(-d));
            if (double.IsFinite(past))
            {
                week += past;
                seen++;
            }
        }

        row[k] = seen > 0 ? week / seen : fallbackLoad;
        return true;
    }

    private double Standardize(double temperature) =>
        (Math.Clamp(temperature, temperatureMin, temperatureMax) - temperatureMean) / temperatureScale;

    private static double Finite(double value, double fallback) => double.IsFinite(value) ? value : fallback;
}
