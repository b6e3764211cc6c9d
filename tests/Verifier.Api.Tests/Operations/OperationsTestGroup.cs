namespace Verifier.Api.Tests.Operations;

/// <summary>Runs the classes of <see cref="OperationsWorld.Collection"/> one at a time.</summary>
[CollectionDefinition(OperationsWorld.Collection)]
public sealed class OperationsTestGroup;
