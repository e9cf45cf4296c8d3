namespace Vpp.Functions.Security;

/// <summary>The roles a bearer token can carry (claim "roles").</summary>
public static class Roles
{
    public const string ProgramManager = "program-manager";
    public const string Finance = "finance";
    public const string Customer = "customer";
    public const string DeviceAdmin = "device-admin";

    public static IReadOnlyList<string> All { get; } = [ProgramManager, Finance, Customer, DeviceAdmin];
}
