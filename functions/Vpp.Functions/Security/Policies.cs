namespace Vpp.Functions.Security;

/// <summary>Authorization policies; every endpoint names one.</summary>
public static class Policies
{
    public const string ProgramManager = "ProgramManager";
    public const string FleetOperator = "FleetOperator";

    /// <summary>A customer (for their own devices: the use case checks ownership) or a program manager (for any).</summary>
    public const string CustomerOrProgramManager = "CustomerOrProgramManager";
    public const string FunctionsHost = "FunctionsHost";

    /// <summary>A customer, for what is theirs (statements, earnings, payout account): the endpoint reads only the token's subject.</summary>
    public const string Customer = "Customer";

    /// <summary>Finance: exports and reversals.</summary>
    public const string Finance = "Finance";

    /// <summary>Program managers and finance read settlement runs and every statement.</summary>
    public const string SettlementReader = "SettlementReader";
}
