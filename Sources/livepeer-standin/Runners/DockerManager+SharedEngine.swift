/// Test-only deviation (docs/STANDIN.md, "Simulated hosts"): on a shared test engine, a runner of another
/// simulated host may already hold the name or the 127.0.0.1 port this worker's runner needs. On real
/// machines both would exist side by side; here the model is taken as served by that runner.
extension DockerManager {
    /// Where a warm container would go.
    struct Slot {
        let pipeline: String
        let modelID: String
        let gpu: String
        let name: String
        let hostPort: String
    }

    /// A runner of another simulated host in the way of a `Slot`.
    struct Holder {
        let host: String
        let id: String
        let name: String
        let byName: Bool
    }

    /// The runner of another simulated host that holds `slot`'s name or port (nil when faithful).
    func otherHostsRunner(holding slot: Slot) -> Holder? {
        guard let host = settings.simulatedHost else { return nil }
        if case .success(let container) = engine.inspect(slot.name),
            let other = SimulatedHost.otherHost(labels: container["Config"]?["Labels"]?.stringMap ?? [:], than: host) {
            return Holder(host: other, id: container["Id"]?.string ?? "", name: slot.name, byName: true)
        }
        guard case .success(let runners) = engine.listContainers(label: SimulatedHost.runnerLabel) else { return nil }
        for runner in runners {
            guard let other = SimulatedHost.otherHost(labels: runner.labels, than: host),
                case .success(let container) = engine.inspect(runner.id),
                Self.hostPort(of: container) == slot.hostPort
            else { continue }
            let name = container["Name"]?.string ?? runner.names.first ?? runner.id
            return Holder(host: other, id: runner.id, name: name.hasPrefix("/") ? String(name.dropFirst()) : name, byName: false)
        }
        return nil
    }

    /// Takes the slot's GPU as go-livepeer would, without creating, watching or ever removing the holder.
    func serve(_ slot: Slot, by holder: Holder) -> String? {
        let what = holder.byName
            ? "the runner of simulated host \(holder.host) already holds the name \(holder.name)"
            : "the runner \(holder.name) of simulated host \(holder.host) already holds port 127.0.0.1:\(slot.hostPort)"
        logInfo(Sites.standin, "stand-in: \(what) on this shared test engine; \(slot.pipeline) \(slot.modelID) (GPU \(slot.gpu)) "
            + "is served by that container, which this worker does not create, watch or remove")
        let container = RunnerContainer(
            name: holder.name, id: holder.id, pipeline: slot.pipeline, modelID: slot.modelID, gpu: slot.gpu,
            port: UInt16(slot.hostPort) ?? 0, keepWarm: true, flags: [:])
        return state.update { state -> String? in
            guard !state.stopping else { return "the AI worker is stopping" }
            state.byGPU[slot.gpu] = container
            return nil
        }
    }

    /// The host port of a runner's `8000/tcp` binding.
    static func hostPort(of container: JSONNode) -> String? {
        container["HostConfig"]?["PortBindings"]?[RunnerPlan.containerPort]?.array?.first?["HostPort"]?.string
    }
}
