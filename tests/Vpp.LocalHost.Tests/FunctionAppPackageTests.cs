using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Vpp.Application;
using Vpp.Functions.Hosting;

namespace Vpp.LocalHost.Tests;

public sealed class FunctionAppPackageTests
{
    [Fact]
    public async Task Publishing_the_main_app_gives_an_isolated_worker_package_with_every_function_and_its_trigger()
    {
        var package = Directory.CreateTempSubdirectory("functionapp-package-").FullName;
        try
        {
            await PublishAsync("functions/Vpp.Functions", package);

            foreach (var file in new[] { "functions.metadata", "worker.config.json", "host.json", "Vpp.Functions.dll" })
            {
                Assert.True(File.Exists(Path.Combine(package, file)), $"the package must hold {file}");
            }

            Assert.NotEmpty(Directory.GetFiles(Path.Combine(package, ".azurefunctions"), "Microsoft.Azure.WebJobs.Extensions.DurableTask*.dll"));
            using var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(package, "functions.metadata")));
            var published = metadata.RootElement.EnumerateArray().ToDictionary(
                f => f.GetProperty("name").GetString()!,
                f => f.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal)).Clone());

            Assert.Equal(FunctionCatalog.Instance.Functions.Select(f => f.Name).Order(), published.Keys.Order());
            foreach (var function in FunctionCatalog.Instance.Functions)
            {
                var binding = published[function.Name];
                var attribute = function.Trigger.GetType().Name;
                Assert.Equal(char.ToLowerInvariant(attribute[0]) + attribute[1..^"Attribute".Length], binding.GetProperty("type").GetString());
                switch (function.Trigger)
                {
                    case HttpTriggerAttribute http:
                        Assert.Equal(http.Route, binding.GetProperty("route").GetString());
                        Assert.Equal(http.Methods!.Select(m => m.ToUpperInvariant()), binding.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()));
                        break;
                    case TimerTriggerAttribute timer:
                        Assert.Equal(timer.Schedule, binding.GetProperty("schedule").GetString());
                        break;
                }
            }

            Assert.Contains(published.Values, b => b.GetProperty("type").GetString() == "orchestrationTrigger");
            Assert.Contains(published.Values, b => b.GetProperty("type").GetString() == "activityTrigger");

            // Durable Functions stamps new instances with the version the orchestrators' code is at (ADR 0040).
            using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(package, "host.json")));
            var durableTask = host.RootElement.GetProperty("extensions").GetProperty("durableTask");
            Assert.Equal((DurableTasks.OrchestrationVersion, "CurrentOrOlder", "Reject"),
                (durableTask.GetProperty("defaultVersion").GetString(), durableTask.GetProperty("versionMatchStrategy").GetString(), durableTask.GetProperty("versionFailureStrategy").GetString()));
            SolvesAnLpFromThePublishedOutput(package);
        }
        finally
        {
            Directory.Delete(package, recursive: true);
        }
    }

    [Fact]
    public async Task Publishing_the_ingestion_handler_assembles_a_custom_handler_package_the_host_can_load()
    {
        var package = Directory.CreateTempSubdirectory("ingestion-package-").FullName;
        try
        {
            await PublishAsync("functions/Vpp.Ingestion", Path.Combine(package, "handler"));

            using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(package, "host.json")));
            var handler = host.RootElement.GetProperty("customHandler");
            var executable = handler.GetProperty("description").GetProperty("defaultExecutablePath").GetString()!;
            using var function = JsonDocument.Parse(File.ReadAllText(Path.Combine(package, "TelemetryIngest", "function.json")));
            var trigger = function.RootElement.GetProperty("bindings")[0];

            Assert.True(File.Exists(Path.Combine(package, executable)), $"host.json points at {executable}, which the package must contain");
            Assert.Equal(["TelemetryIngest"], Directory.GetDirectories(package).Select(Path.GetFileName).Where(d => d != "handler"));
            Assert.Equal("eventHubTrigger", trigger.GetProperty("type").GetString());
            Assert.Equal("many", trigger.GetProperty("cardinality").GetString());
            Assert.Equal(1000, host.RootElement.GetProperty("extensions").GetProperty("eventHubs").GetProperty("maxEventBatchSize").GetInt32());
        }
        finally
        {
            Directory.Delete(package, recursive: true);
        }
    }

    private static async Task PublishAsync(string project, string output)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot.Find() };
        foreach (var arg in new[] { "publish", project, "-c", "Release", "-r", "linux-x64", "--self-contained", "false", "-o", output, "--nologo" })
        {
            start.ArgumentList.Add(arg);
        }

        using var publish = Process.Start(start)!;
        var stdout = publish.StandardOutput.ReadToEndAsync();
        var stderr = publish.StandardError.ReadToEndAsync();
        await publish.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        Assert.True(publish.ExitCode == 0, await stdout + await stderr);
    }

    /// <summary>
    /// The planner's solver as Azure would run it: the published assemblies and the native OR-Tools library beside them,
    /// loaded in their own context from the published dependency manifest, nothing from the build or the machine.
    /// </summary>
    private static void SolvesAnLpFromThePublishedOutput(string handler)
    {
        Assert.True(File.Exists(Path.Combine(handler, "google-ortools-native.so")), "the native solver must ship in the published app");
        var published = new PublishedApp(Path.Combine(handler, "Vpp.Functions.dll"));
        try
        {
            var application = published.LoadFromAssemblyName(new AssemblyName("Vpp.Application"));
            var infrastructure = published.LoadFromAssemblyName(new AssemblyName("Vpp.Infrastructure"));
            var programType = application.GetType("Vpp.Application.Optimization.LinearProgram", throwOnError: true)!;
            var program = Activator.CreateInstance(programType)!;
            // Maximise 3x + 2y with x + y <= 4, x + 3y <= 6, 0 <= x <= 3: x = 3, y = 1, value 11.
            var addColumn = programType.GetMethod("AddColumn")!;
            var x = (int)addColumn.Invoke(program, [0.0, 3.0, -3.0, "x"])!;
            var y = (int)addColumn.Invoke(program, [0.0, double.PositiveInfinity, -2.0, "y"])!;
            var addRow = programType.GetMethod("AddRow")!;
            addRow.Invoke(program, [double.NegativeInfinity, 4.0, new (int, double)[] { (x, 1), (y, 1) }, "a"]);
            addRow.Invoke(program, [double.NegativeInfinity, 6.0, new (int, double)[] { (x, 1), (y, 3) }, "b"]);
            var solver = Activator.CreateInstance(infrastructure.GetType("Vpp.Infrastructure.Optimization.OrToolsSolver", throwOnError: true)!, ["CLP", "CBC"])!;

            var solution = solver.GetType().GetMethod("Solve")!.Invoke(solver, [program, TimeSpan.FromSeconds(5)])!;

            Assert.Equal("Optimal", solution.GetType().GetProperty("Status")!.GetValue(solution)!.ToString());
            Assert.Equal(-11, (double)solution.GetType().GetProperty("Objective")!.GetValue(solution)!, 9);
            Assert.Contains(published.NativeLibrariesLoaded, path => path.StartsWith(handler, StringComparison.Ordinal));
        }
        finally
        {
            published.Unload();
        }
    }

    private sealed class PublishedApp(string mainAssembly) : AssemblyLoadContext(isCollectible: true)
    {
        private readonly AssemblyDependencyResolver resolver = new(mainAssembly);

        public List<string> NativeLibrariesLoaded { get; } = [];

        protected override Assembly? Load(AssemblyName assemblyName) =>
            resolver.ResolveAssemblyToPath(assemblyName) is { } path ? LoadFromAssemblyPath(path) : null;

        protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
        {
            if (resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is not { } path)
            {
                return IntPtr.Zero;
            }

            NativeLibrariesLoaded.Add(path);
            return LoadUnmanagedDllFromPath(path);
        }
    }
}
