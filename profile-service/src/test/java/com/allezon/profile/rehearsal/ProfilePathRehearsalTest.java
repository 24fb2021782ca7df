package com.allezon.profile.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.allezon.model.ProfileQuery;

class ProfilePathRehearsalTest {

    @Test
    void theRehearsalsQueriesAskWithEveryKindOfLimitRealTrafficUses() {
        List<ProfileQuery> queries = ProfilePathRehearsal.queries(5_000, 300);

        assertThat(queries).hasSize(300);
        // limit 0 answers an empty list of another class than the others: the compiled rendering must have met it
        assertThat(queries).extracting(ProfileQuery::limit).contains(0, 1, ProfileQuery.MAX_TAGS);
        assertThat(queries).allSatisfy(query -> assertThat(query.limit()).isBetween(0, ProfileQuery.MAX_TAGS));
    }
}
