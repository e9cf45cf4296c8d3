using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Vpp.Application.Forecasting;
using Vpp.Functions.Hosting;
using Vpp.Functions.Security;

namespace Vpp.Functions.Forecasting;

/// <summary>ForecastRefresh: timer trigger, hourly at minute 5 (after the hour's last snapshot); forecasts every program.</summary>
public static class ForecastRefreshFunction
{
    public const string Name = "ForecastRefresh";

    public static IEndpointRouteBuilder MapForecastRefresh(this IEndpointRouteBuilder app)
    {
        app.MapPost("/" + Name, async (ForecastService forecasts, CancellationToken ct) =>
        {
            var programs = await forecasts.RefreshAllAsync(ct);
            return InvocationResult.WithLogs($"forecast {programs} programs");
        })
        .RequireAuthorization(Policies.FunctionsHost)
        .ExcludeFromDescription();
        return app;
    }
}
