using Vpp.Domain.Forecasting;

namespace Vpp.Domain.Tests.Forecasting;

/// <summary>
/// A first-order house with a heat pump (COP 3) holding a setpoint within a 0.5 °C deadband, minute by minute, under
/// an outdoor temperature that swings through the day, with steady internal gains.
/// </summary>
public sealed record SimulatedHouse(double LossKwPerC, double StoreKwhPerC, double CompressorKw, double GainsKw)
{
    public const double Cop = 3;

    /// <summary>Outdoor temperature at a UTC instant: <paramref name="meanC"/> ± 6 °C, coldest at 11:00 UTC (dawn in the Americas).</summary>
    public static double Outdoor(DateTimeOffset at, double meanC) => meanC - (6 * Math.Cos(2 * Math.PI * (at.UtcDateTime.TimeOfDay.TotalHours - 11) / 24));

    /// <summary>Each minute from <paramref name="start"/>: its start, the compressor's power, the indoor temperature after it and the outdoor one.</summary>
    public IEnumerable<(DateTimeOffset Start, double PowerKw, double IndoorC, double OutdoorC)> Minutes(DateTimeOffset start, int days, double outdoorMeanC, double setpointC)
    {
        var indoorC = setpointC;
        var running = false;
        for (var minute = 0; minute < days * 24 * 60; minute++)
        {
            var at = start.AddMinutes(minute);
            var outdoor = Outdoor(at, outdoorMeanC);
            var cooling = outdoor > indoorC;
            running = cooling
                ? indoorC > setpointC + 0.5 || (running && indoorC > setpointC - 0.5)
                : indoorC < setpointC - 0.5 || (running && indoorC < setpointC + 0.5);
            var power = running ? CompressorKw : 0;
            var heatKw = ((cooling ? -1 : 1) * power * Cop) + GainsKw;
            indoorC += (heatKw - (LossKwPerC * (indoorC - outdoor))) / 60 / StoreKwhPerC;
            yield return (at, power, indoorC, outdoor);
        }
    }

    /// <summary>
    /// The minutes rolled up into quarter hours the way ingestion does (compressor energy; the middle of the lowest and
    /// highest indoor temperature), each with its hour's outdoor temperature as a weather feed reports it.
    /// </summary>
    public List<HouseInterval> QuarterHours(DateTimeOffset start, int days, double outdoorMeanC, double setpointC) =>
    [
        .. Minutes(start, days, outdoorMeanC, setpointC)
            .Chunk(15)
            .Select(q => new HouseInterval(
                q[0].Start,
                TimeSpan.FromMinutes(15),
                q.Sum(m => m.PowerKw) / 60,
                (q.Min(m => m.IndoorC) + q.Max(m => m.IndoorC)) / 2,
                Outdoor(HourOf(q[0].Start).AddMinutes(30), outdoorMeanC))),
    ];

    public static DateTimeOffset HourOf(DateTimeOffset at) => new(at.UtcDateTime.Date.AddHours(at.UtcDateTime.Hour), TimeSpan.Zero);
}
