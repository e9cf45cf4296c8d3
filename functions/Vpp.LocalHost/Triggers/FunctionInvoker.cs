using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Vpp.Functions.Hosting;

namespace Vpp.LocalHost.Triggers;

/// <summary>
/// Runs a non-HTTP function of the main app in-process, as the worker would: a new DI scope per invocation, the
/// function class built from it, the trigger value and the cancellation token passed to the method.
/// </summary>
public sealed class FunctionInvoker(IServiceProvider services, FunctionCatalog catalog)
{
    public FunctionCatalog Catalog => catalog;

    /// <summary>Invokes the named function with <paramref name="trigger"/> as its trigger value; its exception is the invocation's failure.</summary>
    public async Task InvokeAsync(string name, object trigger, CancellationToken cancellationToken)
    {
        var function = catalog.Find(name) ?? throw new ArgumentException($"No function named {name}.", nameof(name));
        await using var scope = services.CreateAsyncScope();
        var target = function.Method.IsStatic ? null : ActivatorUtilities.CreateInstance(scope.ServiceProvider, function.Method.DeclaringType!);
        var arguments = function.Method.GetParameters().Select(p =>
            p == function.TriggerParameter ? trigger
            : p.ParameterType == typeof(CancellationToken) ? cancellationToken
            : scope.ServiceProvider.GetRequiredService(p.ParameterType)).ToArray();
        try
        {
            if (function.Method.Invoke(target, arguments) is Task task)
            {
                await task;
            }
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException);
        }
    }

    /// <summary>A timer function's trigger value for an occurrence: when it was due, the next one, and whether it is late.</summary>
    public static TimerInfo Timer(DateTimeOffset due, DateTimeOffset next, DateTimeOffset now, DateTimeOffset? last) => new()
    {
        ScheduleStatus = new ScheduleStatus { Last = (last ?? due).UtcDateTime, Next = next.UtcDateTime, LastUpdated = now.UtcDateTime },
        IsPastDue = now - due > TimeSpan.FromSeconds(30),
    };
}
