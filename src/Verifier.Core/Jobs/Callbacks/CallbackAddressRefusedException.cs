namespace Verifier.Core.Jobs.Callbacks;

/// <summary>The callback host resolved to an address the guard refuses; trying again would not help.</summary>
public sealed class CallbackAddressRefusedException(string message) : IOException(message);
