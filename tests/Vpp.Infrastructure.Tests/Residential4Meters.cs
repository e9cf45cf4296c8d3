using Vpp.Domain.Forecasting;
using Vpp.Domain.Tests;
using Vpp.Infrastructure.Forecasting;

namespace Vpp.Infrastructure.Tests;

/// <summary>The OPSD residential4 house (Konstanz): hourly cumulative meters (kWh) turned into the energy of each hour.</summary>
internal static class Residential4Meters
{
    public static List<TimeSeriesPoint> HourlyEnergy(string column)
    {
        var meter = CsvTimeSeries.ReadColumns(SharedData.PathOf("opsd-household-residential4/household_data_60min_singleindex.csv"), TimeZoneInfo.Utc, column)
            [column].Where(p => double.IsFinite(p.Value)).ToList();
        var hours = new List<TimeSeriesPoint>();
        for (var i = 1; i < meter.Count; i++)
        {
            var energy = meter[i].Value - meter[i - 1].Value;
            // A counter that went backwards was reset; a missing hour leaves its energy spread over the gap, unusable.
            if (energy >= 0 && meter[i].Time - meter[i - 1].Time == TimeSpan.FromHours(1))
            {
                hours.Add(new TimeSeriesPoint(meter[i - 1].Time, energy));
            }
        }

        return hours;
    }
}
