using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace Vpp.TestSupport.Faults;

/// <summary>Puts a port behind <see cref="FaultyCalls{T}"/>.</summary>
public static class FaultyPorts
{
    /// <summary>The port <paramref name="real"/> behind the faults its <see cref="FaultyCalls{T}"/> (the returned object, cast) picks.</summary>
    public static T Wrap<T>(T real)
        where T : class
    {
        var proxy = DispatchProxy.Create<T, FaultyCalls<T>>();
        ((FaultyCalls<T>)(object)proxy).Inner = real;
        return proxy;
    }

    /// <summary>The app's <typeparamref name="TPort"/>, as it registered it, put behind faults a test picks (the service, cast to <see cref="FaultyCalls{T}"/>).</summary>
    public static void Replace<TPort>(IServiceCollection services)
        where TPort : class
    {
        var real = services.Last(d => d.ServiceType == typeof(TPort));
        services.AddSingleton(provider => Wrap((TPort)(real.ImplementationFactory?.Invoke(provider) ?? real.ImplementationInstance
            ?? ActivatorUtilities.CreateInstance(provider, real.ImplementationType!))));
    }
}
