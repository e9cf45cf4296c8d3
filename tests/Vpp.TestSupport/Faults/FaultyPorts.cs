using System.Reflection;

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
}
