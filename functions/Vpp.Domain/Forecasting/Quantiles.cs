namespace Vpp.Domain.Forecasting;

/// <summary>Empirical quantiles by linear interpolation between order statistics.</summary>
internal static class Quantiles
{
    /// <summary>The <paramref name="q"/> quantile of an ascending list; NaN when it is empty.</summary>
    public static double Of(IReadOnlyList<double> sorted, double q)
    {
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var position = q * (sorted.Count - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Count - 1);
        return sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
    }
}
