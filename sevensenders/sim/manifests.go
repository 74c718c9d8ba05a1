package sim

import (
	"fmt"
	"net/url"
)

// createManifest answers POST /v2/customs/manifests {manifest_id,
// shipment_ids, pieces} (000; the fields are assumed). manifest_id is
// unique (409) and has no "/" (422); every shipment id needs a customs
// shipment (422) that is in no other manifest (409). Once declared, the
// customs shipments are locked.
func (s *Server) createManifest(rq *request) response {
	obj, res := rq.decode(schemaCustomsManifest)
	if res.isErr() {
		return res
	}
	mid := str(obj, "manifest_id")
	if s.tb.manifests.get(mid) != nil {
		return broken(ruleManifestIDUnique, "", "customs manifest %q already exists", mid)
	}
	ids, _ := obj["shipment_ids"].([]any)
	seen := map[string]bool{}
	var declared []Object
	for j, v := range ids {
		sid, _ := v.(string)
		ptr := fmt.Sprintf("/shipment_ids/%d", j)
		if seen[sid] {
			return broken(ruleManifestShipments, ptr, "shipment %q is listed twice", sid)
		}
		seen[sid] = true
		c := s.tb.customs.get(sid)
		if c == nil {
			return broken(ruleManifestShipments, ptr, "shipment %q has no customs shipment; POST /v2/customs/shipments first", sid)
		}
		if m := str(c, "manifest_id"); m != "" {
			return broken(ruleManifestOnce, "", "shipment %q is already declared in customs manifest %q", sid, m)
		}
		declared = append(declared, c)
	}
	for _, c := range declared {
		c["manifest_id"] = mid
		s.tb.customs.touch(c)
	}
	obj["id"] = s.nextID()
	obj["created_at"] = s.stamp()
	s.tb.manifests.insert(obj)
	return created("/v2/customs/manifests/"+url.PathEscape(mid), obj)
}

// listManifests answers GET /v2/customs/manifests (assumed).
func (s *Server) listManifests(rq *request) response {
	limit, offset, res := rq.page()
	if res.isErr() {
		return res
	}
	return ok(paginate(s.st.Manifests, limit, offset))
}

// getManifest answers GET /v2/customs/manifests/{manifest_id}.
func (s *Server) getManifest(rq *request) response {
	m := s.tb.manifests.get(rq.params["id"])
	if m == nil {
		return notFound("customs manifest %q not found", rq.params["id"])
	}
	return ok(m)
}

// changeManifest answers PUT and DELETE on a manifest: a customs
// manifest cannot be changed (409).
func (s *Server) changeManifest(rq *request) response {
	if s.tb.manifests.get(rq.params["id"]) == nil {
		return notFound("customs manifest %q not found", rq.params["id"])
	}
	return broken(ruleManifestLocked, "", "customs manifest %q cannot be changed or deleted", rq.params["id"])
}
