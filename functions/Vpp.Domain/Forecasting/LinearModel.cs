namespace Vpp.Domain.Forecasting;

/// <summary>A fitted linear model's prediction, as both forecasters need it.</summary>
internal static class LinearModel
{
    public static double Predict(double[] beta, double[] row)
    {
        var sum = 0.0;
        for (var i = 0; i < beta.Length; i++)
        {
            sum += beta[i] * row[i];
        }

        return sum;
    }
}
