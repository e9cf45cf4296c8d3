namespace Vpp.Domain.Forecasting;

/// <summary>How finer observations combine into one interval: energy sums, temperature averages.</summary>
public enum Aggregation
{
    Sum,
    Mean,
}
