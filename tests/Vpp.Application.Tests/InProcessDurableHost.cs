using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Testing;

namespace Vpp.Application.Tests;

/// <summary>
/// Starts the in-process Durable Task host on a port the system just gave out. Left to itself the host picks a random
/// port in 30000-40000, which overlaps the ephemeral range other tests' connections use: now and then it is taken.
/// A port taken between the pick and the bind is picked again.
/// </summary>
public static class InProcessDurableHost
{
    public static async Task<DurableTaskTestHost> StartAsync(Action<DurableTaskRegistry> registry, DurableTaskTestHostOptions? options = null)
    {
        options ??= new DurableTaskTestHostOptions();
        for (var attempt = 1; ; attempt++)
        {
            options.Port = FreeLoopbackPort();
            try
            {
                return await DurableTaskTestHost.StartAsync(registry, options);
            }
            catch (IOException taken) when (taken.InnerException is AddressInUseException && attempt < 3)
            {
            }
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
