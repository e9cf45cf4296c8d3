namespace Vpp.Domain.Forecasting;

/// <summary>Small pieces both forecasters need: a fitted linear model's prediction and the UTC instant of a local midnight.</summary>
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

    /// <summary>The instant a local day starts; where DST skips midnight, the first valid local time after it.</summary>
    public static DateTimeOffset LocalMidnightUtc(DateTime localDate, TimeZoneInfo zone)
    {
        var midnight = DateTime.SpecifyKind(localDate.Date, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(midnight))
        {
            midnight = midnight.AddMinutes(30);
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(midnight, zone));
    }
}
