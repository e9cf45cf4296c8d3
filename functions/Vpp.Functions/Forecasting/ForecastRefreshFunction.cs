using Microsoft.AspNetCore.Routing;
using Vpp.Application.Forecasting;
using Vpp.Functions.Hosting;

namespace Vpp.Functions.Forecasting;

/// <summary>ForecastRefresh: timer trigger, hourly at minute 5 (after the hour's last snapshot); forecasts every program.</summary>
public static class ForecastRefreshFunction
{
    public const string Name = "ForecastRefresh";

    public static IEndpointRouteBuilder MapForecastRefresh(this IEndpointRouteBuilder app) =>
        app.MapTimer<ForecastService>(Name, "forecast", (forecasts, ct) => forecasts.RefreshAllAsync(ct));
}
