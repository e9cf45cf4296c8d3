namespace Vpp.Domain.Forecasting;

/// <summary>
/// How a house stores and trades heat, learned from its heat pump's telemetry and the outdoor temperature by a heat
/// balance over each interval: the heat the compressor moved (COP × energy; negative when cooling, which it does
/// when it is warmer outside than in) plus what occupants and appliances give off went into the house's mass (its
/// thermal store times the indoor temperature's change, the central difference of the neighbouring intervals) or out
/// through its shell (a loss coefficient times the indoor–outdoor difference). Least squares over every interval with
/// both neighbours gives the three: a compressor that cycles delivers its heat in bursts the mass absorbs, so the
/// mass cannot be left out. Only the loss and the gains are kept: quarter-hour temperatures smear a burst over two
/// intervals, which biases the mass (by up to double on simulated houses) but not the loss (within 10 %).
/// </summary>
public sealed record HouseThermalHabits(int IntervalsObserved, double LossKwPerC, double GainsKw)
{
    /// <summary>A plausible house loses between these (kW of heat per °C); a fit outside them is noise, not a house.</summary>
    public const double MinLossKwPerC = 0.03, MaxLossKwPerC = 1.5;

    /// <summary>
    /// Null when fewer than <paramref name="minimumDays"/> days' worth of intervals can be balanced, when the
    /// indoor–outdoor difference hardly varied (under 1.5 °C of spread: the loss cannot be told from the gains), or when
    /// the fit is not a plausible house (a loss outside the bounds, a mass that gives heat back as it warms).
    /// </summary>
    public static HouseThermalHabits? Learn(IReadOnlyList<HouseInterval> history, double cop, int minimumDays = 3)
    {
        var ordered = history
            .Where(i => double.IsFinite(i.CompressorKwh) && double.IsFinite(i.IndoorC) && double.IsFinite(i.OutdoorC) && i.Length > TimeSpan.Zero)
            .OrderBy(i => i.Start)
            .ToList();
        var fit = new NormalEquations(3);
        var differences = new List<double>();
        var balancedHours = 0.0;
        Span<double> row = stackalloc double[3];
        for (var k = 1; k < ordered.Count - 1; k++)
        {
            var (previous, interval, next) = (ordered[k - 1], ordered[k], ordered[k + 1]);
            if (previous.Start + previous.Length != interval.Start || interval.Start + interval.Length != next.Start)
            {
                continue;
            }

            // Heat in = loss × (indoor − outdoor) × hours + store × change − gains × hours.
            var hours = interval.Length.TotalHours;
            var difference = interval.IndoorC - interval.OutdoorC;
            row[0] = difference * hours;
            row[1] = (next.IndoorC - previous.IndoorC) / 2;
            row[2] = -hours;
            fit.Add(row, (difference < 0 ? -1 : 1) * cop * interval.CompressorKwh);
            differences.Add(difference);
            balancedHours += hours;
        }

        if (balancedHours < minimumDays * 24)
        {
            return null;
        }

        var mean = differences.Average();
        if (Math.Sqrt(differences.Average(d => (d - mean) * (d - mean))) < 1.5)
        {
            return null;
        }

        var beta = fit.Solve();
        return beta[0] is >= MinLossKwPerC and <= MaxLossKwPerC && beta[1] > 0
            ? new HouseThermalHabits(fit.Rows, Math.Round(beta[0], 4), Math.Round(beta[2], 3))
            : null;
    }
}
