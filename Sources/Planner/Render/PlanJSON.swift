/// plan.json, written by hand rather than through JSONEncoder: keys sorted, two-space indent,
/// and fast enough for fleets of thousands of nodes (JSONEncoder was a quarter of render time).
extension Plan {
    var json: JSONValue {
        .sorted([
            "capacity": capacity.json, "fleet": .string(fleet), "hashScheme": .int(hashScheme),
            "hosts": .array(hosts.map { host in
                .sorted([
                    "docker": host.docker.map(JSONValue.string), "insecure": .bool(host.insecure), "name": .string(host.name),
                    "tls": host.tls.map { .sorted(["ca": .string($0.ca), "cert": .string($0.cert), "key": .string($0.key)]) },
                ])
            }),
            "nodes": .array(nodes.map(\.json)), "planFormat": .int(planFormat),
        ])
    }
}

extension PlannedNode {
    var json: JSONValue {
        .sorted([
            "container": container.json, "files": .array(files.map(\.json)), "hash": .string(hash), "host": .string(host),
            "name": .string(name), "orchestrator": orchestrator.map(JSONValue.string), "role": .string(role.rawValue),
        ])
    }
}

extension ContainerSpec {
    var json: JSONValue {
        .sorted([
            "args": .array(args.map(JSONValue.string)),
            "env": .array(env.map { .sorted(["name": .string($0.name), "value": .string($0.value)]) }),
            "gpus": gpus.map(JSONValue.string), "image": .string(image),
            "labels": .object(labels.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }),
            "mounts": .array(mounts.map { .sorted(["readOnly": .bool($0.readOnly), "source": .string($0.source), "target": .string($0.target)]) }),
            "name": .string(name), "networkMode": .string(networkMode), "restartPolicy": .string(restartPolicy),
        ])
    }
}

extension PlannedFile {
    var json: JSONValue {
        .sorted([
            "content": .string(content), "mode": .string("0" + String(mode, radix: 8)), "path": .string(path),
            "secrets": .array(secrets.map {
                .sorted(["escaping": .string($0.escaping.rawValue), "name": .string($0.name), "placeholder": .string($0.placeholder), "source": .string($0.source)])
            }),
        ])
    }
}

extension CapacityReport {
    var json: JSONValue {
        .sorted([
            "nodes": .array(nodes.map { node in
                .sorted([
                    "gpus": .array(node.gpus.map { g in
                        .sorted([
                            "id": .int(g.id), "name": g.name.map(JSONValue.string), "slots": .int(g.slots), "slotsUsed": .int(g.slotsUsed),
                            "vramTotal": g.vramTotal.map { .int(Int($0)) }, "vramUsed": .int(Int(g.vramUsed)),
                        ])
                    }),
                    "models": .array(node.models.map { m in
                        .sorted([
                            "advertised": .int(m.advertised), "kind": .string(m.kind), "model": .string(m.model), "modelID": .string(m.modelID),
                            "pipeline": .string(m.pipeline), "warmContainers": .int(m.warmContainers),
                        ])
                    }),
                    "node": .string(node.node), "orchestrator": node.orchestrator.map(JSONValue.string), "role": .string(node.role.rawValue),
                    "slots": .int(node.slots), "slotsUsed": .int(node.slotsUsed),
                ])
            }),
            "orchestrators": .array(orchestrators.map { o in
                .sorted([
                    "models": .array(o.models.map { m in
                        .sorted([
                            "advertised": .int(m.advertised), "modelID": .string(m.modelID), "nodes": .int(m.nodes),
                            "pipeline": .string(m.pipeline), "warmContainers": .int(m.warmContainers),
                        ])
                    }),
                    "orchestrator": .string(o.orchestrator),
                ])
            }),
            "requirements": .array(requirements.map { r in
                .sorted([
                    "met": .bool(r.met), "model": .string(r.model), "modelID": .string(r.modelID), "offered": .int(r.offered),
                    "orchestrator": r.orchestrator.map(JSONValue.string), "pipeline": .string(r.pipeline), "required": .int(r.required),
                ])
            }),
        ])
    }
}

extension JSONValue {
    static func int(_ n: Int) -> JSONValue { .number(String(n)) }

    /// An object with its keys sorted; nil members are left out. Pairs rather than a
    /// Dictionary: hashing every key of every object was a tenth of rendering plan.json, and
    /// the literals above already list their keys in order, so the sort is usually skipped.
    static func sorted(_ members: KeyValuePairs<String, JSONValue?>) -> JSONValue {
        var present: [(String, JSONValue)] = []
        present.reserveCapacity(members.count)
        for (key, value) in members {
            if let value { present.append((key, value)) }
        }
        if !zip(present, present.dropFirst()).allSatisfy({ $0.0 < $1.0 }) { present.sort { $0.0 < $1.0 } }
        return .object(present)
    }
}
